-- The 50 most recent failed, timed-out or rejected calls, with why.
select started_at, tool_id, principal, status, error, duration_ms, request_id
from audit_recent_failures
order by started_at desc
limit 50;
