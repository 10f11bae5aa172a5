-- Views for DBAs and dashboards (PostgreSQL only; re-applied by Flyway whenever this file changes). Durations are in
-- milliseconds. See db/README.md ("Views", "Roll-ups").
-- The hourly, daily and 7-day views read the roll-ups (V7, V9), not tool_execution: a condition on their hour or day
-- column reads only those hours or days through the roll-up's primary key. audit_recent_failures reads
-- tool_execution (its condition on started_at reads only the partitions of the last 7 days).
-- Dropped and made again rather than replaced, as the column types changed with the roll-ups; the grants to the
-- reporting role are given again at the end.

drop view if exists audit_error_rate_hourly, audit_slowest_tools, audit_calls_per_principal_daily, audit_recent_failures;

-- Calls, failures (anything but SUCCESS) and failure % per server per UTC hour.
create view audit_error_rate_hourly as
select server_id,
       hour,
       sum(calls)::bigint                                               as calls,
       sum(calls - succeeded)::bigint                                   as failures,
       round(sum(calls - succeeded) * 100.0 / sum(calls), 2)            as failure_pct
from tool_execution_hourly
group by server_id, hour;

-- p50 / p95 / max duration per tool over the current UTC hour and the 7 x 24 before it, cache hits and rejections
-- excluded. The percentiles come from the roll-up's duration buckets (within one bucket of the exact value, see
-- db/README.md); max_ms is exact.
create view audit_slowest_tools as
select tool_id,
       server_id,
       (calls - rejected)::bigint                                       as calls,
       audit_duration_percentile(h, 0.5)                                as p50_ms,
       audit_duration_percentile(h, 0.95)                               as p95_ms,
       max_ms
from (select tool_id, server_id, sum(calls) as calls, sum(rejected) as rejected, max(duration_max_ms) as max_ms,
             array[
             sum(b00), sum(b01), sum(b02), sum(b03), sum(b04), sum(b05), sum(b06), sum(b07), sum(b08), sum(b09),
             sum(b10), sum(b11), sum(b12), sum(b13), sum(b14), sum(b15), sum(b16), sum(b17), sum(b18), sum(b19),
             sum(b20), sum(b21), sum(b22), sum(b23), sum(b24), sum(b25), sum(b26), sum(b27), sum(b28), sum(b29),
             sum(b30), sum(b31), sum(b32), sum(b33), sum(b34), sum(b35), sum(b36), sum(b37), sum(b38), sum(b39),
             sum(b40), sum(b41), sum(b42), sum(b43), sum(b44), sum(b45), sum(b46), sum(b47), sum(b48), sum(b49),
             sum(b50), sum(b51), sum(b52), sum(b53), sum(b54), sum(b55), sum(b56), sum(b57), sum(b58), sum(b59),
             sum(b60), sum(b61), sum(b62), sum(b63), sum(b64), sum(b65), sum(b66), sum(b67), sum(b68), sum(b69),
             sum(b70), sum(b71), sum(b72), sum(b73), sum(b74), sum(b75), sum(b76)]::bigint[] as h
      from tool_execution_hourly
      where hour >= date_trunc('hour', now(), 'UTC') - interval '7 days' and not cached
      group by tool_id, server_id) t
where calls > rejected;

-- Calls, successes, rejections and distinct tools per principal per UTC day: one roll-up row each (V9).
create view audit_calls_per_principal_daily as
select principal, day, calls, succeeded, rejected, distinct_tools
from tool_execution_principal_totals_daily;

-- Every non-successful call of the last 7 days.
create view audit_recent_failures as
select id, started_at, tool_id, server_id, principal, status, error, duration_ms, request_id
from tool_execution
where status <> 'SUCCESS' and started_at > now() - interval '7 days';

-- Workflow runs with their step counts and duration (docs/workflows.md); lease_owner is the instance executing a
-- run that is still RUNNING.
create or replace view workflow_run_overview as
select r.id, r.workflow_id, r.status, r.principal, r.created_at, r.finished_at,
       extract(epoch from (coalesce(r.finished_at, now()) - r.created_at)) * 1000         as duration_ms,
       count(s.step_id)                                                                    as steps,
       count(s.step_id) filter (where s.status = 'SUCCEEDED')                              as succeeded,
       count(s.step_id) filter (where s.status in ('FAILED', 'UNKNOWN', 'CANCELLED'))      as failed,
       coalesce(sum(s.attempts), 0)                                                        as attempts,
       r.error, r.lease_owner, r.lease_until
from workflow_run r
left join workflow_step_run s on s.run_id = r.id
group by r.id;

-- The reporting role (V7) reads the views and the roll-ups of this schema, nothing else. Skipped where the role
-- does not exist (the gateway's user could not create it) or the gateway's user may not grant on the schema.
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'gateway_audit_reader') then
        execute format('grant usage on schema %I to gateway_audit_reader', current_schema());
        grant select on audit_error_rate_hourly, audit_slowest_tools, audit_calls_per_principal_daily,
                        audit_recent_failures, workflow_run_overview, tool_execution_hourly, tool_execution_principal_daily,
                        tool_execution_principal_totals_daily
            to gateway_audit_reader;
    end if;
exception
    when insufficient_privilege then
        raise notice 'grants to gateway_audit_reader not given: %', sqlerrm;
end $$;
