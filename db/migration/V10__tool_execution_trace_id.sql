-- The trace of each audited call (README, "Traces and logs"): the 32 hex digits of the W3C trace id, so a row leads
-- to its trace in the tracing backend and a trace to its row. Null for calls made while nothing traced them
-- (OpenTelemetry off, the default) and for every row older than this column.

-- On PostgreSQL tool_execution is partitioned (V6): the column and the index reach every partition, existing and
-- future (AuditPartitions creates new ones like tool_execution). A nullable column without a default rewrites
-- nothing; the index is built once over the stored rows, while writes wait in the gateway's audit buffer and spool.
alter table tool_execution add column trace_id varchar(32);
create index tool_execution_trace_idx on tool_execution (trace_id);
