package dev.mcphybrid.workflow.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row of {@code workflow_step_run}: a step of a run, or a compensation ({@code <step>:compensate}). */
@Entity
@Table(name = "workflow_step_run")
public class StepRunRow {

    @EmbeddedId
    public StepRunKey key;

    @Column(name = "tool_id", nullable = false, length = 330)
    public String toolId;

    @Column(nullable = false, length = 16)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @JdbcTypeCode(SqlTypes.JSON)
    public String arguments;

    @JdbcTypeCode(SqlTypes.JSON)
    public String result;

    @Column(length = 2000)
    public String error;

    @Column(name = "execution_id")
    public UUID executionId;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "duration_ms")
    public Long durationMs;
}
