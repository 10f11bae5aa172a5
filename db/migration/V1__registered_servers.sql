-- MCP servers registered at run time through POST /api/servers. Servers from config/mcp-servers.yml are not
-- stored: the file stays their source of truth. ${json_type} is jsonb on PostgreSQL and json on embedded H2.
create table registered_server (
    id            varchar(64)  primary key,
    name          varchar(200) not null,
    transport     varchar(32)  not null,
    url           varchar(2048) not null,
    definition    ${json_type} not null,
    registered_by varchar(200),
    registered_at timestamp with time zone not null default current_timestamp,
    updated_at    timestamp with time zone not null default current_timestamp
);

comment on table registered_server is 'MCP servers registered at run time (URL transports only); survive restarts';
