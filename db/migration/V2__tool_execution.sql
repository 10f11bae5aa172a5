-- One row per tool call through the gateway, including calls it rejected, that failed or timed out.
-- Written in batches by the gateway's audit log; never updated. ${json_type} is jsonb on PostgreSQL.
create table tool_execution (
    id             uuid          primary key,
    request_id     varchar(100)  not null,
    tool_id        varchar(330)  not null,
    server_id      varchar(64)   not null,
    tool_name      varchar(256)  not null,
    principal      varchar(200)  not null,
    client_address varchar(100),
    client_agent   varchar(500),
    arguments      ${json_type},
    result_summary varchar(1000),
    result_size    integer,
    status         varchar(16)   not null,
    error          varchar(2000),
    cached         boolean       not null default false,
    started_at     timestamp with time zone not null,
    duration_ms    bigint        not null,
    constraint tool_execution_status_check check (status in ('SUCCESS', 'ERROR', 'TIMEOUT', 'REJECTED'))
);

-- The usual questions: newest first (keyset paging), per tool, per server, per principal, failures.
create index tool_execution_started_idx   on tool_execution (started_at desc, id desc);
create index tool_execution_tool_idx      on tool_execution (tool_id, started_at desc);
create index tool_execution_server_idx    on tool_execution (server_id, started_at desc);
create index tool_execution_principal_idx on tool_execution (principal, started_at desc);
create index tool_execution_status_idx    on tool_execution (status, started_at desc);
create index tool_execution_request_idx   on tool_execution (request_id);
