package dev.mcphybrid.audit.entity;

import dev.mcphybrid.audit.AuditRecord;
import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.audit.StorableText;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row of {@code tool_execution}; written once, never updated. Text the database cannot hold (NUL, half a
 * surrogate pair) is stored as U+FFFD, see {@link StorableText}.
 */
@Entity
@Table(name = "tool_execution")
public class ToolExecution {

    @Id
    private UUID id;

    @Column(name = "request_id", nullable = false, length = 100)
    private String requestId;

    @Column(name = "tool_id", nullable = false, length = 330)
    private String toolId;

    @Column(name = "server_id", nullable = false, length = 64)
    private String serverId;

    @Column(name = "tool_name", nullable = false, length = 256)
    private String toolName;

    @Column(nullable = false, length = 200)
    private String principal;

    @Column(name = "client_address", length = 100)
    private String clientAddress;

    @Column(name = "client_agent", length = 500)
    private String clientAgent;

    @JdbcTypeCode(SqlTypes.JSON)
    private String arguments;

    @Column(name = "result_summary", length = 1000)
    private String resultSummary;

    @Column(name = "result_size")
    private Integer resultSize;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ExecutionStatus status;

    @Column(length = 2000)
    private String error;

    @Column(nullable = false)
    private boolean cached;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "duration_ms", nullable = false)
    private long durationMs;

    @Column(name = "workflow_run_id")
    private UUID workflowRunId;

    @Column(name = "workflow_step", length = 100)
    private String workflowStep;

    @Column(name = "trace_id", length = 32)
    private String traceId;

    protected ToolExecution() {
    }

    public static ToolExecution of(AuditRecord r) {
        ToolExecution row = new ToolExecution();
        row.id = r.id();
        row.requestId = cut(r.requestId(), 100);
        row.toolId = cut(r.toolId(), 330);
        row.serverId = cut(r.serverId(), 64);
        row.toolName = cut(r.toolName(), 256);
        row.principal = cut(r.principal(), 200);
        row.clientAddress = cut(r.clientAddress(), 100);
        row.clientAgent = cut(r.clientAgent(), 500);
        row.arguments = StorableText.json(r.arguments());
        row.resultSummary = cut(r.resultSummary(), 1000);
        row.resultSize = r.resultSize();
        row.status = r.status();
        row.error = cut(r.error(), 2000);
        row.cached = r.cached();
        row.startedAt = r.startedAt();
        row.durationMs = r.durationMs();
        row.workflowRunId = r.workflowRunId();
        row.workflowStep = cut(r.workflowStep(), 100);
        row.traceId = cut(r.traceId(), 32);
        return row;
    }

    public AuditRecord toRecord() {
        return new AuditRecord(id, requestId, toolId, serverId, toolName, principal, clientAddress, clientAgent, arguments,
                resultSummary, resultSize, status, error, cached, startedAt, durationMs,
                workflowRunId, workflowStep, traceId);
    }

    private static String cut(String value, int max) {
        return StorableText.text(value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…");
    }
}
