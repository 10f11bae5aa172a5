-- Calls per tool per hour for the last 24 hours (e.g. to spot a runaway client).
select tool_id, date_trunc('hour', started_at) as hour, count(*) as calls,
       round(avg(duration_ms), 1) as avg_ms
from tool_execution
where started_at > now() - interval '24 hours'
group by tool_id, date_trunc('hour', started_at)
order by hour desc, calls desc;
