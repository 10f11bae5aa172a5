-- Views for DBAs and dashboards (PostgreSQL only; re-applied by Flyway whenever this file changes).
-- Durations are in milliseconds. See db/README.md.
-- tool_execution is partitioned by started_at (V6): a condition on started_at reads only the partitions it names.
-- The hourly and daily views group the whole table; a condition on their hour or day column cannot skip partitions,
-- so for a time window query tool_execution itself (as db/queries/error_rate_per_server.sql does).

create or replace view audit_error_rate_hourly as
select server_id,
       date_trunc('hour', started_at)                                  as hour,
       count(*)                                                         as calls,
       count(*) filter (where status <> 'SUCCESS')                      as failures,
       round(count(*) filter (where status <> 'SUCCESS') * 100.0 / count(*), 2) as failure_pct
from tool_execution
group by server_id, date_trunc('hour', started_at);

create or replace view audit_slowest_tools as
select tool_id,
       server_id,
       count(*)                                                         as calls,
       percentile_cont(0.5)  within group (order by duration_ms)       as p50_ms,
       percentile_cont(0.95) within group (order by duration_ms)       as p95_ms,
       max(duration_ms)                                                 as max_ms
from tool_execution
where started_at > now() - interval '7 days' and status <> 'REJECTED' and not cached
group by tool_id, server_id;

create or replace view audit_calls_per_principal_daily as
select principal,
       date_trunc('day', started_at)                                   as day,
       count(*)                                                         as calls,
       count(*) filter (where status = 'SUCCESS')                       as succeeded,
       count(*) filter (where status = 'REJECTED')                      as rejected,
       count(distinct tool_id)                                          as distinct_tools
from tool_execution
group by principal, date_trunc('day', started_at);

create or replace view audit_recent_failures as
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
