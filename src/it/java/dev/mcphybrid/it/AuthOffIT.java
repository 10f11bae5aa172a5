package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The second gateway of the build runs with gateway.auth=off: open to anyone, and it says so loudly. */
class AuthOffIT {

    @Test
    void withAuthOffEveryoneIsAnAnonymousAdminAndTheLogSaysSo() throws Exception {
        GatewayClient anonymous = new GatewayClient(System.getProperty("gateway2.url", "http://localhost:9181"), null);
        assertThat(anonymous.get("/api/servers").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/access-policy").status()).as("admin-only, and anonymous is admin").isEqualTo(200);
        String log = Files.readString(Path.of("target/liberty/wlp/usr/servers/gateway-it2/logs/messages.log"));
        assertThat(log).contains("AUTHENTICATION IS OFF (gateway.auth=off)");
        assertThat(Path.of("target/liberty/wlp/usr/servers/gateway-it2/resources/security/dev-jwt-private.pem"))
                .as("no development key when sign-in is off").doesNotExist();
    }
}
