-- A roll-up per UTC day and principal (PostgreSQL only, like V7): calls, successes, rejections and the number of
-- distinct tools called, so the report of calls per principal per day (audit_calls_per_principal_daily,
-- db/queries/calls_per_user_per_day.sql) reads one row per principal and day instead of grouping one row per
-- principal, day and tool (2.2 million rows for 30 days of the benchmark's load, 2.2-2.7 s; db/README.md).
--
-- The audit writer keeps it in the same transaction as the rows and the other roll-ups: the upsert into
-- tool_execution_principal_daily returns, for each (day, principal, tool), whether it inserted the row
-- (xmax = 0: a new pair) or added to one that was there, and the writer adds the batch's calls and its new pairs to
-- this row (ON CONFLICT DO UPDATE SET distinct_tools = distinct_tools + excluded.distinct_tools). A pair two
-- instances insert at once is new for exactly one of them: the other waits on the first's row and then updates it.
-- So distinct_tools stays exact (the count of tool_execution_principal_daily rows of that day and principal), and
-- the counts equal the sums of that table.

create table tool_execution_principal_totals_daily (
    day            date         not null,
    principal      varchar(200) not null,
    calls          bigint       not null,
    succeeded      bigint       not null,
    rejected       bigint       not null,
    distinct_tools bigint       not null,
    constraint tool_execution_principal_totals_daily_pkey primary key (day, principal)
) with (fillfactor = 80);

comment on table tool_execution_principal_totals_daily is 'Audit roll-up per UTC day and principal (calls and distinct tools); kept by the gateway''s audit writer, see db/README.md';

-- As in V7, and counts the days of tool_execution_principal_daily (just made from the rows) into the new roll-up.
create or replace function audit_rollups_rebuild(first_day date, last_day date) returns bigint
    language plpgsql
as $$
declare
    lo      timestamptz := first_day::timestamp at time zone 'UTC';
    hi      timestamptz := (last_day + 1)::timestamp at time zone 'UTC';
    counted bigint;
begin
    lock table tool_execution in share mode;
    delete from tool_execution_hourly where hour >= lo and hour < hi;
    delete from tool_execution_principal_daily where day >= first_day and day <= last_day;
    delete from tool_execution_principal_totals_daily where day >= first_day and day <= last_day;
    insert into tool_execution_hourly
    select hour, server_id, tool_id, cached,
           count(*),
           count(*) filter (where status = 'SUCCESS'),
           count(*) filter (where status = 'ERROR'),
           count(*) filter (where status = 'TIMEOUT'),
           count(*) filter (where status = 'REJECTED'),
           count(*) filter (where status = 'CANCELLED'),
           coalesce(sum(duration_ms) filter (where b is not null), 0),
           coalesce(max(duration_ms) filter (where b is not null), 0),
           count(*) filter (where b = 0), count(*) filter (where b = 1), count(*) filter (where b = 2), count(*) filter (where b = 3),
           count(*) filter (where b = 4), count(*) filter (where b = 5), count(*) filter (where b = 6), count(*) filter (where b = 7),
           count(*) filter (where b = 8), count(*) filter (where b = 9), count(*) filter (where b = 10), count(*) filter (where b = 11),
           count(*) filter (where b = 12), count(*) filter (where b = 13), count(*) filter (where b = 14), count(*) filter (where b = 15),
           count(*) filter (where b = 16), count(*) filter (where b = 17), count(*) filter (where b = 18), count(*) filter (where b = 19),
           count(*) filter (where b = 20), count(*) filter (where b = 21), count(*) filter (where b = 22), count(*) filter (where b = 23),
           count(*) filter (where b = 24), count(*) filter (where b = 25), count(*) filter (where b = 26), count(*) filter (where b = 27),
           count(*) filter (where b = 28), count(*) filter (where b = 29), count(*) filter (where b = 30), count(*) filter (where b = 31),
           count(*) filter (where b = 32), count(*) filter (where b = 33), count(*) filter (where b = 34), count(*) filter (where b = 35),
           count(*) filter (where b = 36), count(*) filter (where b = 37), count(*) filter (where b = 38), count(*) filter (where b = 39),
           count(*) filter (where b = 40), count(*) filter (where b = 41), count(*) filter (where b = 42), count(*) filter (where b = 43),
           count(*) filter (where b = 44), count(*) filter (where b = 45), count(*) filter (where b = 46), count(*) filter (where b = 47),
           count(*) filter (where b = 48), count(*) filter (where b = 49), count(*) filter (where b = 50), count(*) filter (where b = 51),
           count(*) filter (where b = 52), count(*) filter (where b = 53), count(*) filter (where b = 54), count(*) filter (where b = 55),
           count(*) filter (where b = 56), count(*) filter (where b = 57), count(*) filter (where b = 58), count(*) filter (where b = 59),
           count(*) filter (where b = 60), count(*) filter (where b = 61), count(*) filter (where b = 62), count(*) filter (where b = 63),
           count(*) filter (where b = 64), count(*) filter (where b = 65), count(*) filter (where b = 66), count(*) filter (where b = 67),
           count(*) filter (where b = 68), count(*) filter (where b = 69), count(*) filter (where b = 70), count(*) filter (where b = 71),
           count(*) filter (where b = 72), count(*) filter (where b = 73), count(*) filter (where b = 74), count(*) filter (where b = 75),
           count(*) filter (where b = 76)
    from (select date_trunc('hour', started_at, 'UTC') as hour, server_id, tool_id, cached, status, duration_ms,
                 case when status <> 'REJECTED' then audit_duration_bucket(duration_ms) end as b
          from tool_execution where started_at >= lo and started_at < hi) t
    group by hour, server_id, tool_id, cached;
    insert into tool_execution_principal_daily
    select (started_at at time zone 'UTC')::date, principal, tool_id,
           count(*), count(*) filter (where status = 'SUCCESS'), count(*) filter (where status = 'REJECTED')
    from tool_execution
    where started_at >= lo and started_at < hi
    group by 1, 2, 3;
    insert into tool_execution_principal_totals_daily
    select day, principal, sum(calls), sum(succeeded), sum(rejected), count(*)
    from tool_execution_principal_daily
    where day >= first_day and day <= last_day
    group by day, principal;
    select coalesce(sum(calls), 0) into counted from tool_execution_hourly where hour >= lo and hour < hi;
    return counted;
end $$;

-- The days already counted (V7 and the writers since): from tool_execution_principal_daily, which holds every pair,
-- locked against the writers (SHARE) until the migration commits, so no batch is counted in one and not the other.
lock table tool_execution_principal_daily in share mode;
insert into tool_execution_principal_totals_daily
select day, principal, sum(calls), sum(succeeded), sum(rejected), count(*)
from tool_execution_principal_daily
group by day, principal;
