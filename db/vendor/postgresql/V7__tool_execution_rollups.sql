-- Roll-ups of the audit log (PostgreSQL only; H2 answers every question from tool_execution itself, see
-- db/README.md "Roll-ups"): per UTC hour and tool, and per UTC day, principal and tool. The gateway's audit writer
-- adds each batch's rows to them in the same transaction as the rows (additive upserts, so any number of instances
-- may write at once), so they always agree with what was written. This migration fills them from the rows already
-- stored (audit_rollups_rebuild, one pass over tool_execution with the table locked against writes; db/README.md
-- says how long it takes per million rows).
--
-- Durations go into a fixed histogram of 77 buckets (b00 .. b76), their lower bounds in milliseconds:
--   0,1,2,3,4,5,6,7,8,10,12,14,16,20,23,27,32,39,46,54,64,77,91,108,128,153,182,216,256,305,363,431,512,609,725,862,1024,1218,1449,1723,2048,2436,2897,3445,4096,4871,5793,6889,8192,9742,11586,13778,16384,19484,23171,27555,32768,38968,46341,55109,65536,77936,92682,110218,131072,155872,185364,220436,262144,311744,370728,440872,524288,623488,741456,881744,1048576
-- (0, then every distinct ceil(2^(k/4)) for k = 0 .. 80: each bucket is 2^(1/4), about 19 %, wider than the one
-- before, at most 25 %; below 8 ms one millisecond each; the last holds everything from 1,048,576 ms, 17.5 min).
-- p50 / p95 from these buckets lie within the bucket of the exact value (audit_duration_percentile).

-- The bucket of a duration: 0 .. 76, the column b00 .. b76 it is counted in.
create or replace function audit_duration_bucket(duration_ms bigint) returns integer
    language sql immutable strict parallel safe
as $$ select width_bucket(duration_ms, '{1,2,3,4,5,6,7,8,10,12,14,16,20,23,27,32,39,46,54,64,77,91,108,128,153,182,216,256,305,363,431,512,609,725,862,1024,1218,1449,1723,2048,2436,2897,3445,4096,4871,5793,6889,8192,9742,11586,13778,16384,19484,23171,27555,32768,38968,46341,55109,65536,77936,92682,110218,131072,155872,185364,220436,262144,311744,370728,440872,524288,623488,741456,881744,1048576}'::bigint[]) $$;

-- A percentile (p in 0..1) estimated from bucket counts (counts[1] is b00): the bucket that holds the rank
-- p * (n - 1) of percentile_cont, and within it the place of that rank, the bucket's values taken as evenly spread.
-- Exact where a bucket is one millisecond wide; null when there are no counts.
create or replace function audit_duration_percentile(counts bigint[], p double precision) returns double precision
    language plpgsql immutable strict parallel safe
as $$
declare
    bounds constant bigint[] := '{0,1,2,3,4,5,6,7,8,10,12,14,16,20,23,27,32,39,46,54,64,77,91,108,128,153,182,216,256,305,363,431,512,609,725,862,1024,1218,1449,1723,2048,2436,2897,3445,4096,4871,5793,6889,8192,9742,11586,13778,16384,19484,23171,27555,32768,38968,46341,55109,65536,77936,92682,110218,131072,155872,185364,220436,262144,311744,370728,440872,524288,623488,741456,881744,1048576}';
    total  bigint := 0;
    below  bigint := 0;
    c      bigint;
    rank   double precision;
begin
    for k in 1 .. coalesce(array_length(counts, 1), 0) loop
        total := total + coalesce(counts[k], 0);
    end loop;
    if total = 0 then
        return null;
    end if;
    rank := p * (total - 1);
    for k in 1 .. least(array_length(counts, 1), array_length(bounds, 1)) loop
        c := coalesce(counts[k], 0);
        if c > 0 and rank < below + c then
            if k = array_length(bounds, 1) or bounds[k + 1] - bounds[k] <= 1 then
                return bounds[k];
            end if;
            return bounds[k] + (bounds[k + 1] - bounds[k]) * least(1.0, (rank - below + 0.5) / c);
        end if;
        below := below + c;
    end loop;
    return bounds[array_length(bounds, 1)];
end $$;

-- Per UTC hour, server, tool and whether the cache answered: calls by status, and over the calls that were not
-- REJECTED (those never reached a server) the sum, maximum and histogram of their durations.
create table tool_execution_hourly (
    hour            timestamp with time zone not null,
    server_id       varchar(64)  not null,
    tool_id         varchar(330) not null,
    cached          boolean      not null,
    calls           bigint       not null,
    succeeded       bigint       not null,
    errors          bigint       not null,
    timeouts        bigint       not null,
    rejected        bigint       not null,
    cancelled       bigint       not null,
    duration_sum_ms bigint       not null,
    duration_max_ms bigint       not null,
    b00 integer not null default 0, b01 integer not null default 0, b02 integer not null default 0, b03 integer not null default 0,
    b04 integer not null default 0, b05 integer not null default 0, b06 integer not null default 0, b07 integer not null default 0,
    b08 integer not null default 0, b09 integer not null default 0, b10 integer not null default 0, b11 integer not null default 0,
    b12 integer not null default 0, b13 integer not null default 0, b14 integer not null default 0, b15 integer not null default 0,
    b16 integer not null default 0, b17 integer not null default 0, b18 integer not null default 0, b19 integer not null default 0,
    b20 integer not null default 0, b21 integer not null default 0, b22 integer not null default 0, b23 integer not null default 0,
    b24 integer not null default 0, b25 integer not null default 0, b26 integer not null default 0, b27 integer not null default 0,
    b28 integer not null default 0, b29 integer not null default 0, b30 integer not null default 0, b31 integer not null default 0,
    b32 integer not null default 0, b33 integer not null default 0, b34 integer not null default 0, b35 integer not null default 0,
    b36 integer not null default 0, b37 integer not null default 0, b38 integer not null default 0, b39 integer not null default 0,
    b40 integer not null default 0, b41 integer not null default 0, b42 integer not null default 0, b43 integer not null default 0,
    b44 integer not null default 0, b45 integer not null default 0, b46 integer not null default 0, b47 integer not null default 0,
    b48 integer not null default 0, b49 integer not null default 0, b50 integer not null default 0, b51 integer not null default 0,
    b52 integer not null default 0, b53 integer not null default 0, b54 integer not null default 0, b55 integer not null default 0,
    b56 integer not null default 0, b57 integer not null default 0, b58 integer not null default 0, b59 integer not null default 0,
    b60 integer not null default 0, b61 integer not null default 0, b62 integer not null default 0, b63 integer not null default 0,
    b64 integer not null default 0, b65 integer not null default 0, b66 integer not null default 0, b67 integer not null default 0,
    b68 integer not null default 0, b69 integer not null default 0, b70 integer not null default 0, b71 integer not null default 0,
    b72 integer not null default 0, b73 integer not null default 0, b74 integer not null default 0, b75 integer not null default 0,
    b76 integer not null default 0,
    constraint tool_execution_hourly_pkey primary key (hour, server_id, tool_id, cached)
) with (fillfactor = 80);

-- Per UTC day, principal and tool: how many calls, how many succeeded and were rejected.
create table tool_execution_principal_daily (
    day       date         not null,
    principal varchar(200) not null,
    tool_id   varchar(330) not null,
    calls     bigint       not null,
    succeeded bigint       not null,
    rejected  bigint       not null,
    constraint tool_execution_principal_daily_pkey primary key (day, principal, tool_id)
) with (fillfactor = 80);

comment on table tool_execution_hourly is 'Audit roll-up per UTC hour, server, tool and cache hit; kept by the gateway''s audit writer, see db/README.md';
comment on table tool_execution_principal_daily is 'Audit roll-up per UTC day, principal and tool; kept by the gateway''s audit writer, see db/README.md';

-- Counts the rows of the UTC days first_day .. last_day into the roll-ups again, replacing what they held for those
-- days; returns the calls counted. V7 uses it for the rows stored before it; a DBA may use it after changing rows
-- by hand (deleting some, putting an archived partition back). tool_execution is locked against writes (SHARE)
-- until the calling transaction ends, so no row is counted twice or missed while the gateway writes: the audit
-- writers wait (their records queue in memory, then spool), as for any long lock (db/README.md, "Roll-ups").
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
    select coalesce(sum(calls), 0) into counted from tool_execution_hourly where hour >= lo and hour < hi;
    return counted;
end $$;

-- The rows already stored.
select audit_rollups_rebuild((min(started_at) at time zone 'UTC')::date, (max(started_at) at time zone 'UTC')::date)
from tool_execution
having count(*) > 0;

-- A read-only role for reporting (no login, no password): DBAs grant it to their own logins
-- (grant gateway_audit_reader to alice). R__dba_views.sql grants it the views and roll-ups of this schema, not
-- tool_execution itself (arguments and results stay with the gateway) and nothing else. Roles belong to the whole
-- PostgreSQL cluster, so it may exist already (another schema or database of the gateway made it); a gateway user
-- without CREATEROLE leaves it to the DBA (db/README.md, "Reporting role").
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'gateway_audit_reader') then
        create role gateway_audit_reader nologin;
    end if;
exception
    when insufficient_privilege then
        raise notice 'gateway_audit_reader not created (the gateway''s user may not create roles): %', sqlerrm;
    when duplicate_object or unique_violation then
        null; -- made meanwhile by a migration of another schema
end $$;
