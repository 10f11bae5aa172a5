package dev.mcphybrid.mcp;

import dev.mcphybrid.registry.ServerDefinition;

/** Opens client sessions; a seam so the registry can be unit-tested without processes or sockets. */
public interface McpConnectionFactory {

    /** Creates the transport (and for stdio the process) but does not run the handshake yet. */
    McpConnection open(ServerDefinition definition, McpSessionListener listener);
}
