package dev.mcphybrid.execution;

import dev.mcphybrid.security.Caller;

/** Who asked for a call and from where, as recorded in the audit log and checked by the access policy. */
public record CallerInfo(Caller caller, String clientAddress, String clientAgent, String requestId) {

    public String principal() {
        return caller.name();
    }
}
