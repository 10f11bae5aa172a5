-- Calls per principal per UTC day over the last 30 days (today and the 29 days before), busiest days first.
-- From the roll-up (audit_calls_per_principal_daily over tool_execution_principal_totals_daily, one row per principal
-- and day): the condition on day reads only those days.
select principal, day, calls, succeeded, rejected, distinct_tools
from audit_calls_per_principal_daily
where day >= (now() at time zone 'UTC')::date - 29
order by day desc, calls desc;
