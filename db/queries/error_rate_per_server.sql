-- Failure rate per server over the last 24 hours, worst first (ERROR, TIMEOUT and REJECTED count as failures).
select server_id,
       sum(calls)                                          as calls,
       sum(failures)                                       as failures,
       round(sum(failures) * 100.0 / sum(calls), 2)        as failure_pct
from audit_error_rate_hourly
where hour > now() - interval '24 hours'
group by server_id
order by failure_pct desc, calls desc;
