package dev.mcphybrid.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * An audit record the database refused as data (not for being away), kept apart so it never holds up the records
 * behind it: {@code reason} is the database's message, {@code sqlState} its code when it gave one,
 * {@code attempts} how often it was tried (the first refusal and every replay).
 */
public record DeadLetter(UUID id, Instant deadAt, String reason, String sqlState, int attempts, Instant lastAttemptAt,
                         AuditRecord record) {

    public DeadLetter refusedAgain(WriteFailure failure) {
        return new DeadLetter(id, deadAt, failure.message(), failure.sqlState(), attempts + 1, Instant.now(), record);
    }
}
