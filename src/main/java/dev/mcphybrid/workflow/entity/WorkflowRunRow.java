package dev.mcphybrid.workflow.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row of {@code workflow_run} (db/migration/V8__workflows.sql). */
@Entity
@Table(name = "workflow_run")
public class WorkflowRunRow {

    @Id
    public UUID id;

    @Column(name = "workflow_id", nullable = false, length = 64)
    public String workflowId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String definition;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String input;

    @JdbcTypeCode(SqlTypes.JSON)
    public String output;

    @Column(nullable = false, length = 16)
    public String status;

    @Column(name = "stop_mode", length = 16)
    public String stopMode;

    @Column(length = 2000)
    public String error;

    @Column(nullable = false, length = 200)
    public String principal;

    @Column(name = "caller_groups", nullable = false, length = 1000)
    public String callerGroups;

    @Column(name = "client_address", length = 100)
    public String clientAddress;

    @Column(name = "client_agent", length = 500)
    public String clientAgent;

    @Column(name = "request_id", nullable = false, length = 100)
    public String requestId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "cancel_requested", nullable = false)
    public boolean cancelRequested;

    @Column(name = "lease_owner", length = 100)
    public String leaseOwner;

    @Column(name = "lease_until")
    public Instant leaseUntil;
}
