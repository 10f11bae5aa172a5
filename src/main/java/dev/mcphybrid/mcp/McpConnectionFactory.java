package dev.mcphybrid.mcp;

/** Opens client sessions; a seam so the registry can be unit-tested without processes or sockets. */
public interface McpConnectionFactory {

    /** Creates the transport (and for stdio the process) but does not run the handshake yet. */
    McpConnection open(McpEndpoint endpoint, McpSessionListener listener);
}
