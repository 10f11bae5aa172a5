package dev.mcphybrid.status;

import java.time.Instant;

/**
 * The database as the status sees it: the migration state ({@code PENDING}, {@code DONE}, {@code FAILED}), the
 * schema version, and whether a connection answered at {@code checkedAt}.
 */
public record DatabaseStatus(String migration, String database, String schemaVersion, boolean reachable,
                             String error, Instant checkedAt) {

    /** What is wrong, or null when the database is usable. */
    public String problem() {
        if (!"DONE".equals(migration)) {
            return "not migrated" + (error == null ? "" : ": " + error);
        }
        return reachable ? null : "unreachable" + (error == null ? "" : ": " + error);
    }
}
