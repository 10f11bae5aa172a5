-- Failure rate per server over the last 24 hours, worst first (ERROR, TIMEOUT and REJECTED count as failures).
-- Reads tool_execution itself, not audit_error_rate_hourly: the condition on started_at reads only the partitions
-- of the last 24 hours, a condition on the view's hour column would read them all.
select server_id,
       count(*)                                                                  as calls,
       count(*) filter (where status <> 'SUCCESS')                               as failures,
       round(count(*) filter (where status <> 'SUCCESS') * 100.0 / count(*), 2)  as failure_pct
from tool_execution
where started_at > now() - interval '24 hours'
group by server_id
order by failure_pct desc, calls desc;
