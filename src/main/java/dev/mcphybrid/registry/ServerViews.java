package dev.mcphybrid.registry;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.cluster.ClusterMembers;
import dev.mcphybrid.cluster.ClusterStore;
import dev.mcphybrid.cluster.Member;
import dev.mcphybrid.mcp.Transport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How every instance of a cluster sees the servers reached over the network. Each instance connects to such a
 * server and checks its health itself, so one may see it UNHEALTHY while another calls it fine; each announces
 * its view with its cluster heartbeat, and the API shows all views under {@code instances}, the same whichever
 * instance answers (at most a heartbeat old). stdio servers are processes of one instance and get no such view.
 */
@ApplicationScoped
public class ServerViews {

    static final String ANNOUNCEMENT = "servers";

    @Inject
    ClusterStore store;

    @Inject
    ClusterMembers members;

    @Inject
    ServerRegistry registry;

    void onStartup(@Observes Startup startup) {
        if (store.enabled()) {
            members.announce(ANNOUNCEMENT, this::ownView);
        }
    }

    /** This instance's state of each network server. */
    private JsonValue ownView() {
        var view = JSON.createObjectBuilder();
        registry.all().stream().filter(ServerViews::shared).forEach(server -> view.add(server.id(), server.state().name()));
        return view.build();
    }

    /** {@code statuses} with every instance's view of the network servers among them; as they are without a cluster. */
    public List<ServerStatus> withInstances(List<ServerStatus> statuses) {
        if (!store.enabled() || statuses.stream().noneMatch(ServerViews::shared)) {
            return statuses;
        }
        List<Member> cluster = members.members();
        return statuses.stream().map(status -> shared(status) ? status.withInstances(views(status, cluster)) : status).toList();
    }

    public ServerStatus withInstances(ServerStatus status) {
        return withInstances(List.of(status)).get(0);
    }

    private static Map<String, ServerState> views(ServerStatus status, List<Member> cluster) {
        Map<String, ServerState> views = new TreeMap<>();
        for (Member member : cluster) {
            if (member.self()) {
                views.put(member.id(), status.state()); // this instance's own view is the freshest there is
            } else if (member.announced().get(ANNOUNCEMENT) instanceof JsonObject servers
                    && servers.get(status.id()) instanceof JsonString state) {
                known(state.getString()).ifPresent(known -> views.put(member.id(), known));
            }
        }
        return views;
    }

    /** A state a newer instance may name that this one does not know is left out. */
    private static java.util.Optional<ServerState> known(String name) {
        return java.util.Arrays.stream(ServerState.values()).filter(state -> state.name().equals(name)).findFirst();
    }

    private static boolean shared(ManagedServer server) {
        return server.definition().transport() != Transport.STDIO;
    }

    private static boolean shared(ServerStatus status) {
        return !Transport.STDIO.wireName().equals(status.transport());
    }
}
