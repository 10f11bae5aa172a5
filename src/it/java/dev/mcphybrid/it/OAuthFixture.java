package dev.mcphybrid.it;

import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The OpenID provider of src/it/scripts/oidc-issuer.mjs (panva's oidc-provider) and gateway-itoauth, the gateway
 * that trusts it: started once per test run, issuer first (the gateway reads its metadata at start-up), and stopped
 * when the test JVM ends; failsafe may end its JVM without running shutdown hooks, so the build's
 * post-integration-test steps stop both as well (itoauth-stop, network-servers.sh stop with the issuer's pid file).
 */
final class OAuthFixture {

    static final String SERVER = "gateway-itoauth";
    static final String MACHINE_CLIENT = "gateway-it-machine";
    static final String MACHINE_SECRET = "it-machine-secret";
    static final String CONSOLE_CLIENT = "gateway-console";
    static final String OTHER_RESOURCE = "http://other.example/api";
    /** Liberty starts slowly on a busy two-core machine; see WorkflowResumeIT. */
    private static final Duration START = Duration.ofMinutes(7);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static boolean started;
    /** Why the first start failed: the next test class hears the same rather than starting everything again. */
    private static RuntimeException failure;
    private static Process issuerProcess;

    private OAuthFixture() {
    }

    static String gatewayUrl() {
        return System.getProperty("gatewayoauth.url", "http://localhost:9184");
    }

    static String issuer() {
        return "http://localhost:" + System.getProperty("it.oidc.port", "9185");
    }

    /** The gateway's resource identifier, the audience of its tokens. */
    static String resource() {
        return gatewayUrl() + "/mcp";
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            startIssuer();
            long deadline = System.nanoTime() + START.toNanos();
            liberty("start");
            Runtime.getRuntime().addShutdownHook(new Thread(OAuthFixture::stop));
            GatewayClient anonymous = new GatewayClient(gatewayUrl(), null);
            await(SERVER + " ready").atMost(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> anonymous.get("/health/ready").status() == 200);
            GatewayClient admin = new GatewayClient(gatewayUrl(), token("mcp:read mcp:call mcp:admin"));
            await("everything connected on " + SERVER).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> admin.get("/api/servers/everything/status").object().getString("state").equals("HEALTHY"));
            started = true;
        } catch (IOException e) {
            failure = new UncheckedIOException(e);
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new IllegalStateException(e);
            throw failure;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    private static void startIssuer() throws IOException {
        Path log = Path.of("target", "it-servers", "oidc-issuer.log");
        Files.createDirectories(log.getParent());
        issuerProcess = new ProcessBuilder("node", "src/it/scripts/oidc-issuer.mjs", System.getProperty("it.oidc.port", "9185"),
                resource(), gatewayUrl() + "/console/").redirectError(log.toFile()).start();
        // the build's post-integration-test step (network-servers.sh stop) ends it by this file, should the JVM not
        Files.writeString(log.resolveSibling("oidc-issuer.pid"), Long.toString(issuerProcess.pid()));
        BufferedReader out = issuerProcess.inputReader(StandardCharsets.UTF_8);
        String line = out.readLine();
        if (line == null || !line.contains("\"listening\"")) {
            issuerProcess.destroyForcibly();
            throw new IllegalStateException("the OpenID provider did not start (" + line + "); see " + log + ": " + Files.readString(log));
        }
    }

    private static void stop() {
        try {
            liberty("stop");
        } catch (Exception e) {
            System.err.println("could not stop " + SERVER + ": " + e.getMessage());
        }
        if (issuerProcess != null) {
            issuerProcess.destroy();
            try {
                if (!issuerProcess.waitFor(5, TimeUnit.SECONDS)) {
                    issuerProcess.destroyForcibly();
                }
            } catch (InterruptedException e) {
                issuerProcess.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void liberty(String action) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(System.getProperty("it.liberty.bin"), action, SERVER).inheritIO().start();
        if (!process.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("server " + action + " " + SERVER + " did not finish");
        }
    }

    /** A token of the machine client for the gateway's resource, by the client credentials grant. */
    static String token(String scope) {
        return token(scope, resource());
    }

    static String token(String scope, String resource) {
        JsonObject answer = post("/token", "grant_type=client_credentials&scope=" + encode(scope) + "&resource=" + encode(resource), true);
        if (!answer.containsKey("access_token")) {
            throw new AssertionError("the issuer gave no token: " + answer);
        }
        return answer.getString("access_token");
    }

    /** A new signing key at the issuer; its key set lists it first, the old one second. */
    static JsonObject rotateKeys() {
        return post("/control/rotate", "", false);
    }

    /** A token the issuer would never hand out: {@code expired} or signed by an {@code unknown-key}. */
    static String mint(String kind, String scope) {
        return post("/control/mint?kind=" + kind + "&scope=" + encode(scope), "", false).getString("token");
    }

    private static JsonObject post(String path, String form, boolean authenticate) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (authenticate) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (MACHINE_CLIENT + ":" + MACHINE_SECRET).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Json.createReader(new StringReader(response.body())).readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
