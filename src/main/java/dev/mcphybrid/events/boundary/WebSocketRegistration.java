package dev.mcphybrid.events.boundary;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

/** web.xml is metadata-complete, so the WebSocket endpoint is added here rather than found by scanning. */
public class WebSocketRegistration implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServerContainer container = (ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("No WebSocket container: is the websocket feature enabled in server.xml?");
        }
        try {
            container.addEndpoint(EventsSocket.class);
        } catch (DeploymentException e) {
            throw new IllegalStateException("Cannot deploy /ws/events", e);
        }
    }
}
