package dev.mcphybrid.access;

/** Whether a caller may call a tool, and why not. */
public record AccessDecision(boolean allowed, String reason) {

    static AccessDecision allow() {
        return new AccessDecision(true, null);
    }

    static AccessDecision deny(String reason) {
        return new AccessDecision(false, reason);
    }
}
