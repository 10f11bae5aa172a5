-- Failure rate per server over the current UTC hour and the 23 before it, worst first (ERROR, TIMEOUT, REJECTED and
-- CANCELLED count as failures). From the hourly roll-up; for an exact window to the second, query tool_execution
-- with a condition on started_at (it reads only the partitions of that window).
select server_id,
       sum(calls)::bigint                                                  as calls,
       sum(calls - succeeded)::bigint                                      as failures,
       round(sum(calls - succeeded) * 100.0 / sum(calls), 2)               as failure_pct
from tool_execution_hourly
where hour >= date_trunc('hour', now(), 'UTC') - interval '23 hours'
group by server_id
order by failure_pct desc, calls desc;
