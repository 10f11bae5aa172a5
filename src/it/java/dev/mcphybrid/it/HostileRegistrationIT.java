package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Registration URLs an attacker would try, against the gateway under test (which allows loopback, since its test
 * servers run there, and nothing else private). Each is refused with 422 and nothing is stored.
 */
class HostileRegistrationIT {

    private static final GatewayClient admin = new GatewayClient();

    @Test
    void hostileUrlsAreRefusedAndNothingIsStored() {
        List<String> urls = List.of(
                "http://169.254.169.254/latest/meta-data/",
                "http://[::ffff:169.254.169.254]/",
                "http://[::ffff:a9fe:a9fe]/",
                "http://2852039166/",              // 169.254.169.254 as one decimal number
                "http://0xa9fea9fe/",
                "http://0251.0376.0251.0376/",     // octal
                "http://169.254.169.254.nip.io.invalid/",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://[fd00:ec2::254]/",
                "http://100.100.100.200/",
                "http://10.0.0.1/mcp",
                "http://167772161/",               // 10.0.0.1
                "http://192.168.1.1/mcp",
                "http://[::ffff:10.0.0.1]/",
                "http://[fe80::1]/",
                "http://[2002:c0a8:101::1]/",      // 6to4 around 192.168.1.1
                "http://0.0.0.0/",
                "http://user@169.254.169.254/",
                "file:///etc/passwd",
                "gopher://127.0.0.1:6379/_INFO");
        for (String url : urls) {
            String id = "hostile-" + Math.abs(url.hashCode());
            GatewayClient.Reply reply = admin.post("/api/servers", "{\"id\":\"" + id + "\",\"transport\":\"streamable-http\",\"url\":\"" + url + "\"}");
            JsonObject problem = assertProblem(reply, 422);
            assertThat(problem.toString()).as(url).doesNotContain("Exception");
            assertProblem(admin.get("/api/servers/" + id + "/status"), 404);
            assertThat(Database.count("select count(*) from registered_server where id = ?", id)).as(url).isZero();
        }
    }

    /** On the second gateway, whose JVM resolves names with target/it-servers/it-hosts (see network-servers.sh). */
    @Test
    void namesThatResolveToPrivateOrMetadataAddressesAreRefused() {
        GatewayClient second = new GatewayClient(System.getProperty("gateway2.url", "http://localhost:9181"));
        for (String host : List.of("internal-service.it.test", "metadata-alias.it.test", "mixed.it.test")) {
            String id = "hostile-dns-" + host.substring(0, host.indexOf('.'));
            JsonObject problem = assertProblem(second.post("/api/servers",
                    "{\"id\":\"" + id + "\",\"transport\":\"sse\",\"url\":\"http://" + host + ":8080/sse\"}"), 422);
            assertThat(problem.getString("detail")).as(host).contains(host);
            assertProblem(second.get("/api/servers/" + id + "/status"), 404);
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        AtomicInteger targetHits = new AtomicInteger();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/", exchange -> {
            targetHits.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        HttpServer redirector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirector.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + target.getAddress().getPort() + "/mcp");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        target.start();
        redirector.start();
        try {
            String id = "redirecting";
            GatewayClient.Reply reply = admin.post("/api/servers", "{\"id\":\"" + id + "\",\"transport\":\"streamable-http\",\"url\":\"http://127.0.0.1:"
                    + redirector.getAddress().getPort() + "/mcp\"}");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                    !admin.get("/api/servers/" + id + "/status").object().getString("state").equals("CONNECTING"));
            assertThat(admin.get("/api/servers/" + id + "/status").object().getString("state")).isNotEqualTo("HEALTHY");
            assertThat(targetHits.get()).as("requests that followed the redirect").isZero();
            assertThat(admin.delete("/api/servers/" + id).status()).isEqualTo(204);
        } finally {
            redirector.stop(0);
            target.stop(0);
        }
    }
}
