-- Calls per tool per UTC hour for the current hour and the 23 before it (e.g. to spot a runaway client), from the
-- hourly roll-up. avg_ms is over the calls that were not rejected.
select tool_id, hour, sum(calls)::bigint as calls,
       round(sum(duration_sum_ms)::numeric / nullif(sum(calls - rejected), 0), 1) as avg_ms
from tool_execution_hourly
where hour >= date_trunc('hour', now(), 'UTC') - interval '23 hours'
group by tool_id, hour
order by hour desc, calls desc;
