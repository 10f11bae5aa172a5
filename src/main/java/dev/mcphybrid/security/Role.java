package dev.mcphybrid.security;

import java.util.Locale;

/** The gateway's roles, each including the ones before it: an admin may do what an operator may, and so on. */
public enum Role {
    /** Reads servers, tools, executions, logs and events. */
    VIEWER,
    /** Also executes tools, as far as the access policy allows. */
    OPERATOR,
    /** Also registers, removes, connects and disconnects servers and changes the access policy. */
    ADMIN;

    /** The role name as it appears in a token's groups claim and in web.xml. */
    public String groupName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
