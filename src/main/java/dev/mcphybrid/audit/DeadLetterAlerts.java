package dev.mcphybrid.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * At most one {@code system_alert} per interval about audit dead letters: the first refused record after a quiet
 * spell is alerted at once, later ones are counted into the next alert, so a database that refuses every row
 * does not flood the event streams.
 */
final class DeadLetterAlerts {

    private final Duration interval;
    private Instant lastAlert = Instant.MIN;
    private int unreported;

    DeadLetterAlerts(Duration interval) {
        this.interval = interval;
    }

    synchronized Optional<String> due(DeadLetter letter) {
        unreported++;
        Instant now = Instant.now();
        if (now.isBefore(lastAlert.plus(interval))) {
            return Optional.empty();
        }
        String others = unreported > 1 ? " (" + (unreported - 1) + " more since the last alert)" : "";
        lastAlert = now;
        unreported = 0;
        return Optional.of("Audit record " + letter.id() + " of " + letter.record().toolId() + " refused by the database"
                + (letter.sqlState() == null ? "" : " [" + letter.sqlState() + "]") + ": " + letter.reason()
                + "; kept as a dead letter" + others + ", see GET /api/executions/dead-letters");
    }
}
