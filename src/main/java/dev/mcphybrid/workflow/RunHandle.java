package dev.mcphybrid.workflow;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A run started on this instance: its id, and its end (with the run as it ended). The end never comes here if the
 * instance stops or loses the run to another instance meanwhile; the run's rows tell how it went.
 */
public record RunHandle(UUID runId, CompletableFuture<RunView> end) {
}
