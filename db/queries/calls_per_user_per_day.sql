-- Calls per principal per day over the last 30 days, busiest days first.
select principal, day::date as day, calls, succeeded, rejected, distinct_tools
from audit_calls_per_principal_daily
where day > now() - interval '30 days'
order by day desc, calls desc;
