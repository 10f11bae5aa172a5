-- Workflows (docs/workflows.md): definitions made through the API, runs and their steps, and the audit columns
-- that tie a tool call to the run and step it was made for. Definitions from config/workflows/*.yml are files and
-- are not stored here. ${json_type} is jsonb on PostgreSQL.

-- On PostgreSQL tool_execution is partitioned (V6): added columns and indexes reach every partition, existing and
-- future. Adding nullable columns without a default rewrites nothing.
alter table tool_execution add column workflow_run_id uuid;
alter table tool_execution add column workflow_step varchar(100);
create index tool_execution_workflow_run_idx on tool_execution (workflow_run_id);

create table workflow_definition (
    id          varchar(64)   primary key,
    definition  ${json_type}  not null,
    updated_at  timestamp with time zone not null,
    updated_by  varchar(200)  not null
);

-- One row per run. definition is the definition as it was when the run started, so a run resumed after a restart
-- or taken over by another instance does what it started to do. lease_owner/lease_until: the instance executing
-- the run and until when its claim holds; it renews the claim while it works, and any instance takes over a run
-- whose claim has run out.
create table workflow_run (
    id               uuid          primary key,
    workflow_id      varchar(64)   not null,
    definition       ${json_type}  not null,
    input            ${json_type}  not null,
    output           ${json_type},
    status           varchar(16)   not null,
    stop_mode        varchar(16),
    error            varchar(2000),
    principal        varchar(200)  not null,
    caller_groups    varchar(1000) not null,
    client_address   varchar(100),
    client_agent     varchar(500),
    request_id       varchar(100)  not null,
    created_at       timestamp with time zone not null,
    finished_at      timestamp with time zone,
    cancel_requested boolean       not null default false,
    lease_owner      varchar(100),
    lease_until      timestamp with time zone,
    constraint workflow_run_status_check check (status in ('RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'COMPENSATED'))
);
create index workflow_run_created_idx on workflow_run (created_at desc, id desc);
create index workflow_run_workflow_idx on workflow_run (workflow_id, created_at desc);
create index workflow_run_status_idx on workflow_run (status, created_at desc);

-- One row per step of a run, written as the step moves on; a compensation is a row of its own (step_id
-- '<step>:compensate'). arguments are redacted as in the audit log; execution_id is the audit row of the latest
-- attempt, chosen before the call, so a call that never answered can still be named.
create table workflow_step_run (
    run_id        uuid          not null references workflow_run (id) on delete cascade,
    step_id       varchar(100)  not null,
    tool_id       varchar(330)  not null,
    status        varchar(16)   not null,
    attempts      integer       not null default 0,
    arguments     ${json_type},
    result        ${json_type},
    error         varchar(2000),
    execution_id  uuid,
    started_at    timestamp with time zone,
    finished_at   timestamp with time zone,
    duration_ms   bigint,
    primary key (run_id, step_id),
    constraint workflow_step_run_status_check
        check (status in ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED', 'UNKNOWN'))
);
