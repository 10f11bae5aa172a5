package dev.mcphybrid.status;

/** The gateway's health as a whole; {@link HealthRule} decides it. */
public enum OverallHealth {
    HEALTHY, DEGRADED, UNHEALTHY
}
