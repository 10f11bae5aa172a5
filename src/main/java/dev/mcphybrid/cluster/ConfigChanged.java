package dev.mcphybrid.cluster;

/**
 * Another instance of the cluster changed shared configuration of kind {@code what}: an asynchronous CDI event that
 * the owner of that configuration observes to reload it from the database.
 */
public record ConfigChanged(What what, String byInstance) {

    /** The kinds of shared configuration. */
    public enum What {
        /** servers registered or unregistered through the API */
        REGISTRATIONS,
        /** the access policy replaced through the API */
        ACCESS_POLICY
    }
}
