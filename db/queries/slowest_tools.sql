-- The 20 slowest tools of the last 7 days by p95 (cache hits and rejections excluded). audit_slowest_tools reads the
-- hourly roll-up: p50 / p95 from its duration buckets (within one bucket, about 19 %, of the exact value), max exact.
select tool_id, calls, round(p50_ms::numeric, 1) as p50_ms, round(p95_ms::numeric, 1) as p95_ms, max_ms
from audit_slowest_tools
order by p95_ms desc
limit 20;
