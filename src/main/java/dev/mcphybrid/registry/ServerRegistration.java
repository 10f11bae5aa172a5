package dev.mcphybrid.registry;

import dev.mcphybrid.cluster.ConfigChanged;
import dev.mcphybrid.cluster.ConfigNotices;
import dev.mcphybrid.mcp.Transport;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.registry.entity.RegisteredServer;
import dev.mcphybrid.security.EncodedSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import static dev.mcphybrid.common.JsonSupport.JSON;

/**
 * Adds and removes servers at run time. Only URL transports are accepted (processes are started only from the
 * catalogue file), the target must pass the {@link TargetPolicy}, and the registration is stored before the
 * registry changes, so a failure leaves nothing half-registered.
 */
@ApplicationScoped
public class ServerRegistration {

    private static final Logger LOG = Logger.getLogger(ServerRegistration.class.getName());

    @Inject
    ServerRegistry registry;

    @Inject
    ServerConnector connector;

    @Inject
    RegistrationStore store;

    @Inject
    TargetPolicy targetPolicy;

    @Inject
    ConfigNotices notices;

    public ManagedServer register(JsonObject body, String principal) {
        List<String> violations = new ArrayList<>();
        ServerDefinition definition = ServerDefinitionReader.withoutPlaceholders()
                .read(JsonMaps.toJava(body), "body", ServerDefinition.Origin.RUNTIME, violations);
        if (definition != null && definition.transport() == Transport.STDIO) {
            violations.add("body.transport: stdio servers can only be defined in the catalogue file; register a URL transport ("
                    + Transport.SSE.wireName() + " or " + Transport.STREAMABLE_HTTP.wireName() + ")");
        }
        if (!violations.isEmpty()) {
            throw ProblemException.unprocessable("The server definition is not valid", Map.of("violations", violations));
        }
        if (registry.contains(definition.id())) {
            throw ProblemException.conflict("A server with id '" + definition.id() + "' already exists");
        }
        targetPolicy.check(definition.url()).ifPresent(refusal -> {
            throw new ProblemException(Problem.of(422, "forbidden-target", "Target not allowed",
                    "The gateway will not connect to " + definition.url() + ": " + refusal));
        });
        try {
            store.save(new RegisteredServer(definition.id(), definition.name(), definition.transport().wireName(),
                    definition.url(), atRest(body).toString(), principal));
        } catch (RuntimeException e) {
            if (registry.contains(definition.id()) || existsSafely(definition.id())) {
                throw ProblemException.conflict("A server with id '" + definition.id() + "' already exists");
            }
            throw new ProblemException(Problem.of(503, "database-unavailable", "Database unavailable",
                    "The registration could not be stored; nothing was changed. Try again later."));
        }
        ManagedServer server = registry.add(definition);
        LOG.info(() -> "Registered " + definition + " by " + principal);
        notices.announce(ConfigChanged.What.REGISTRATIONS);
        if (definition.enabled()) {
            connector.connectAsync(server);
        }
        return server;
    }

    /** The body as stored: the auth secret AES-encoded, so a database dump does not reveal it. */
    static JsonObject atRest(JsonObject body) {
        if (!(body.get("auth") instanceof JsonObject auth) || !(auth.get("secret") instanceof jakarta.json.JsonString secret)) {
            return body;
        }
        return JSON.createObjectBuilder(body)
                .add("auth", JSON.createObjectBuilder(auth).add("secret", EncodedSecrets.encode(secret.getString())))
                .build();
    }

    public void unregister(String id, String principal) {
        ManagedServer server = registry.find(id).orElseThrow(() -> ProblemException.notFound("Server", id));
        if (server.definition().origin() != ServerDefinition.Origin.RUNTIME) {
            throw ProblemException.conflict("Server '" + id + "' is defined in the catalogue file; remove it there");
        }
        try {
            store.delete(id);
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of(503, "database-unavailable", "Database unavailable",
                    "The registration could not be removed; nothing was changed. Try again later."));
        }
        registry.remove(server);
        LOG.info(() -> "Unregistered " + id + " by " + principal);
        notices.announce(ConfigChanged.What.REGISTRATIONS);
    }

    private boolean existsSafely(String id) {
        try {
            return store.exists(id);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
