-- tool_execution becomes a table partitioned by range of started_at (PostgreSQL only; H2 keeps the plain table).
-- Its columns and constraints are those of V2 and V5 (CANCELLED).
-- Every row of the old table is copied, and the copy is counted before the old table is dropped: a difference
-- aborts the migration and leaves everything as it was. The table is locked (ACCESS EXCLUSIVE) from the first
-- statement to the commit, so other instances' audit writes and API reads wait meanwhile (their audit records stay
-- in memory and then go to their disk spool); db/README.md says how long that takes per million rows.
--
-- The gateway creates further partitions ahead of time and drops whole partitions for retention (AuditPartitions);
-- this migration creates one partition per UTC day from the oldest stored row to three days ahead, and a default
-- partition for rows that fit no other (see db/README.md, "Partitions").
--
-- The DBA views (R__dba_views.sql) hang on the old table, so they are dropped here and Flyway re-creates them
-- right after this migration (R__dba_views.sql changed with it).

set local maintenance_work_mem = '256MB';

lock table tool_execution in access exclusive mode;

drop view if exists audit_error_rate_hourly, audit_slowest_tools, audit_calls_per_principal_daily, audit_recent_failures;

alter table tool_execution rename to tool_execution_unpartitioned;

create table tool_execution (
    id             uuid          not null,
    request_id     varchar(100)  not null,
    tool_id        varchar(330)  not null,
    server_id      varchar(64)   not null,
    tool_name      varchar(256)  not null,
    principal      varchar(200)  not null,
    client_address varchar(100),
    client_agent   varchar(500),
    arguments      jsonb,
    result_summary varchar(1000),
    result_size    integer,
    status         varchar(16)   not null,
    error          varchar(2000),
    cached         boolean       not null default false,
    started_at     timestamp with time zone not null,
    duration_ms    bigint        not null,
    constraint tool_execution_status_check check (status in ('SUCCESS', 'ERROR', 'TIMEOUT', 'REJECTED', 'CANCELLED'))
) partition by range (started_at);

create table tool_execution_default partition of tool_execution default;

do $$
declare
    first_day date;
    last_day  date := (now() at time zone 'UTC')::date + 3;
    day       date;
begin
    select coalesce((min(started_at) at time zone 'UTC')::date, (now() at time zone 'UTC')::date)
      into first_day from tool_execution_unpartitioned;
    day := first_day;
    while day <= last_day loop
        execute format('create table %I partition of tool_execution for values from (%L) to (%L)',
                       'tool_execution_p' || to_char(day, 'YYYYMMDD'), day || ' 00:00:00+00', (day + 1) || ' 00:00:00+00');
        day := day + 1;
    end loop;
end $$;

insert into tool_execution (id, request_id, tool_id, server_id, tool_name, principal, client_address, client_agent,
                            arguments, result_summary, result_size, status, error, cached, started_at, duration_ms)
select id, request_id, tool_id, server_id, tool_name, principal, client_address, client_agent,
       arguments, result_summary, result_size, status, error, cached, started_at, duration_ms
from tool_execution_unpartitioned;

do $$
declare
    before bigint;
    after  bigint;
begin
    select count(*) into before from tool_execution_unpartitioned;
    select count(*) into after from tool_execution;
    if before <> after then
        raise exception 'tool_execution partitioning copied % of % rows; nothing changed', after, before;
    end if;
end $$;

drop table tool_execution_unpartitioned;

-- The primary key of a partitioned table must hold the partition key; ids stay unique in practice (random UUIDs,
-- and the gateway skips ids already stored within the batch's time range before it inserts).
alter table tool_execution add constraint tool_execution_pkey primary key (id, started_at);
create index tool_execution_started_idx   on tool_execution (started_at desc, id desc);
create index tool_execution_tool_idx      on tool_execution (tool_id, started_at desc);
create index tool_execution_server_idx    on tool_execution (server_id, started_at desc);
create index tool_execution_principal_idx on tool_execution (principal, started_at desc);
create index tool_execution_status_idx    on tool_execution (status, started_at desc);
create index tool_execution_request_idx   on tool_execution (request_id);

comment on table tool_execution is 'One row per tool call through the gateway; partitioned by range of started_at (UTC days by default), see db/README.md';
comment on table tool_execution_default is 'Rows of tool_execution outside every created partition (e.g. a spool replay of old rows); should stay empty';
