package dev.mcphybrid.registry;

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
}
