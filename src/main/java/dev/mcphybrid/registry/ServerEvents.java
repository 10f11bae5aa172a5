package dev.mcphybrid.registry;

import java.time.Duration;

/** Where a {@link ManagedServer} reports what happened to it; the registry turns these into CDI events. */
interface ServerEvents {

    ServerEvents NONE = new ServerEvents() {
        @Override
        public void stateChanged(ServerStateChanged change) {
        }

        @Override
        public void toolsChanged(ToolsChanged change) {
        }
    };

    void stateChanged(ServerStateChanged change);

    void toolsChanged(ToolsChanged change);

    /** The server lost its session or failed to connect; a connect is due after {@code wait}. */
    default void reconnectDue(Duration wait) {
    }
}
