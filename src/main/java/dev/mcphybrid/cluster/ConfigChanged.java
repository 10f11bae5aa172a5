package dev.mcphybrid.cluster;

/**
 * Another instance of the cluster changed shared state of kind {@code what}: an asynchronous CDI event that the owner
 * of that state observes to reload it from the database, or to act on {@code detail}.
 */
public record ConfigChanged(What what, String byInstance, String detail) {

    public ConfigChanged(What what, String byInstance) {
        this(what, byInstance, null);
    }

    /** The kinds of shared state. */
    public enum What {
        /** servers registered or unregistered through the API */
        REGISTRATIONS,
        /** the access policy replaced through the API */
        ACCESS_POLICY,
        /** an MCP client cancelled a call that may run on another instance; the detail names it */
        CALL_CANCELLED
    }
}
