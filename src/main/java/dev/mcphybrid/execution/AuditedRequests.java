package dev.mcphybrid.execution;

import dev.mcphybrid.audit.AuditLog;
import dev.mcphybrid.audit.AuditRecord;
import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.audit.Redactor;
import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.security.SecretMask;
import dev.mcphybrid.telemetry.CallTracing;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Requests other than tool calls that reach a downstream server for a client ({@code resources/read},
 * {@code prompts/get}, {@code completion/complete}), audited like a call: one row each, named
 * {@code <server>.<method>} (e.g. {@code everything.resources/read}) with what was asked as its arguments, redacted
 * the same way, so that the audit log holds every request a server answered for someone. The row names the trace
 * current on the thread, if any.
 */
@ApplicationScoped
public class AuditedRequests {

    @Inject
    AuditLog audit;

    @Inject
    SecretMask secretMask;

    @Inject
    ExecutionSettings settings;

    private Redactor redactor;

    @PostConstruct
    void init() {
        redactor = new Redactor(settings.redactKeys());
    }

    /**
     * Runs {@code request} and records it; its failure ({@link McpCallException}) is recorded and thrown on.
     *
     * @param method the MCP method, the tool name of the row
     * @param asked  what the client asked for (the URI, the prompt's name and arguments)
     */
    public JsonObject run(String serverId, String method, JsonObject asked, CallerInfo caller, Supplier<JsonObject> request) {
        UUID id = UUID.randomUUID();
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        ExecutionStatus status = ExecutionStatus.ERROR;
        String error = null;
        Integer size = null;
        try {
            JsonObject result = request.get();
            status = ExecutionStatus.SUCCESS;
            size = result.toString().length();
            return result;
        } catch (McpCallException e) {
            status = e.isTimeout() ? ExecutionStatus.TIMEOUT : e.kind() == McpCallException.Kind.CANCELLED ? ExecutionStatus.CANCELLED : ExecutionStatus.ERROR;
            error = secretMask.mask(e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            error = secretMask.mask(String.valueOf(e.getMessage()));
            throw e;
        } finally {
            audit.record(new AuditRecord(id, caller.requestId(), serverId + "." + method, serverId, method, caller.principal(),
                    caller.clientAddress(), caller.clientAgent(), secretMask.mask(redactor.redact(asked)).toString(),
                    status == ExecutionStatus.SUCCESS ? method + " answered" : null, size, status, error, false, startedAt,
                    (System.nanoTime() - started) / 1_000_000, null, null, CallTracing.currentTraceId()));
        }
    }
}
