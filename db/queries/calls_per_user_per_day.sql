-- Calls per principal per day over the last 30 days (today and the 29 days before), busiest days first.
-- Reads tool_execution itself, not audit_calls_per_principal_daily: the condition on started_at reads only the
-- partitions of those days, a condition on the view's day column would read them all.
select principal,
       date_trunc('day', started_at)::date               as day,
       count(*)                                           as calls,
       count(*) filter (where status = 'SUCCESS')         as succeeded,
       count(*) filter (where status = 'REJECTED')        as rejected,
       count(distinct tool_id)                            as distinct_tools
from tool_execution
where started_at >= date_trunc('day', now()) - interval '29 days'
group by principal, date_trunc('day', started_at)
order by day desc, calls desc;
