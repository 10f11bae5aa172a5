package dev.mcphybrid.it;

import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** What {@link GatewayTest} does: the set-up every integration test of the gateway shares. */
final class GatewayReady implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GatewayReady.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // remembered once it worked; a gateway that was not ready is waited for again by the next class
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        GatewayClient gateway = store.get("ready", GatewayClient.class);
        if (gateway == null) {
            gateway = GatewayFixture.readyGateway();
            store.put("ready", gateway);
        }
        GatewayTest test = context.getRequiredTestClass().getAnnotation(GatewayTest.class);
        if (test.allServers()) {
            GatewayFixture.awaitAllHealthy(gateway);
        }
        for (String server : test.servers()) {
            GatewayFixture.awaitState(gateway, server, "HEALTHY", Duration.ofSeconds(60));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GatewayClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new GatewayClient();
    }
}
