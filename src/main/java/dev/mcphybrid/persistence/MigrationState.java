package dev.mcphybrid.persistence;

/** What the last migration run left behind; readiness reports it. */
public record MigrationState(Status status, String database, String version, int applied, String error) {

    public enum Status { PENDING, DONE, FAILED }

    static MigrationState pending() {
        return new MigrationState(Status.PENDING, null, null, 0, null);
    }

    static MigrationState done(String database, String version, int applied) {
        return new MigrationState(Status.DONE, database, version, applied, null);
    }

    static MigrationState failed(String error) {
        return new MigrationState(Status.FAILED, null, null, 0, error);
    }

    public boolean ok() {
        return status == Status.DONE;
    }
}
