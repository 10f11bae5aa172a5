package dev.mcphybrid.common;

import jakarta.ws.rs.core.SecurityContext;

/** Who is calling, as the audit log and the logs name them. */
public final class Principals {

    public static final String ANONYMOUS = "anonymous";

    private Principals() {
    }

    public static String name(SecurityContext security) {
        return security == null || security.getUserPrincipal() == null ? ANONYMOUS : security.getUserPrincipal().getName();
    }
}
