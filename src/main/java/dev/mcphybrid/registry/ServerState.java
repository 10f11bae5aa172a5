package dev.mcphybrid.registry;

/** Lifecycle of a downstream server as the gateway sees it. */
public enum ServerState {
    /** Handshake in progress. */
    CONNECTING,
    /** Connected and answering pings within its timeout. */
    HEALTHY,
    /** Connected but slow or failing some checks. */
    DEGRADED,
    /** Not answering or the connection failed; the gateway keeps trying with back-off. */
    UNHEALTHY,
    /** Disconnected on purpose (by an operator or because it is disabled). */
    DISCONNECTED
}
