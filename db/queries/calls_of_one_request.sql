-- Everything one request did: replace the id with the X-Request-Id a client reported.
select started_at, tool_id, status, duration_ms, error, arguments
from tool_execution
where request_id = 'replace-with-request-id'
order by started_at;
