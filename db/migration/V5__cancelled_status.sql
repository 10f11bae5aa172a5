-- A call its MCP client cancelled (notifications/cancelled) is kept as CANCELLED, neither a failure of the server
-- nor a refusal of the gateway. Checking the new constraint reads every row once (a sequential scan of the status
-- column); the table is locked against writes meanwhile, which the gateway's audit buffer and spool absorb.
alter table tool_execution drop constraint tool_execution_status_check;
alter table tool_execution add constraint tool_execution_status_check
    check (status in ('SUCCESS', 'ERROR', 'TIMEOUT', 'REJECTED', 'CANCELLED'));
