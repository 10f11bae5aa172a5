package dev.mcphybrid.mcp;

import java.util.concurrent.CompletableFuture;

/**
 * Lets whoever started a call give up on it before it ends: the MCP client that made it sent
 * {@code notifications/cancelled}. Cancelling twice, or after the call has ended, does nothing.
 */
public final class Cancellation {

    private final CompletableFuture<String> reason = new CompletableFuture<>();

    /** A fresh cancellation nobody has triggered yet. */
    public static Cancellation none() {
        return new Cancellation();
    }

    /** @return true when this was the first cancel */
    public boolean cancel(String why) {
        return reason.complete(why == null || why.isBlank() ? "cancelled by the client" : why);
    }

    public boolean isCancelled() {
        return reason.isDone();
    }

    /** Completes with the reason once cancelled; never completes otherwise. */
    public CompletableFuture<String> whenCancelled() {
        return reason;
    }
}
