package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway as an OAuth 2.1 protected resource of a real OpenID provider (oidc-provider, src/it/scripts/oidc-issuer.mjs):
 * discovery (RFC 9728), Bearer challenges, tokens of the issuer verified against its key set on REST and /mcp,
 * the audience (RFC 8707), key rotation, and roles from the token's scope. On gateway-itoauth (OAuthFixture).
 */
class OAuthIT {

    private static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

    private static GatewayClient anonymous;

    @BeforeAll
    static void issuerAndGatewayUp() {
        OAuthFixture.start();
        anonymous = new GatewayClient(OAuthFixture.gatewayUrl(), null);
    }

    private static String metadataUrl() {
        return OAuthFixture.gatewayUrl() + METADATA_PATH + "/mcp";
    }

    @Test
    void theProtectedResourceMetadataNamesTheIssuerTheResourceAndTheScopesWithoutAToken() {
        for (String path : List.of(METADATA_PATH, METADATA_PATH + "/mcp")) {
            GatewayClient.Reply reply = anonymous.get(path);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.header("Cache-Control")).contains("public, max-age=3600");
            assertThat(reply.header("Access-Control-Allow-Origin")).contains("*");
            JsonObject document = reply.object();
            assertThat(document.getString("resource")).isEqualTo(OAuthFixture.resource());
            assertThat(strings(document, "authorization_servers")).containsExactly(OAuthFixture.issuer());
            assertThat(strings(document, "scopes_supported")).containsExactly("mcp:read", "mcp:call", "mcp:admin");
            assertThat(strings(document, "bearer_methods_supported")).containsExactly("header");
        }
        assertProblem(anonymous.get(METADATA_PATH + "/somewhere-else"), 404);
        // what the issuer's own metadata says is what the gateway relies on
        JsonObject issuer = new GatewayClient(OAuthFixture.issuer(), null).get("/.well-known/openid-configuration").object();
        assertThat(issuer.getString("issuer")).isEqualTo(OAuthFixture.issuer());
    }

    @Test
    void every401NamesTheResourceMetadataAndSaysInvalidTokenOnlyWhenOneWasSent() {
        GatewayClient.Reply rest = anonymous.get("/api/servers");
        assertProblem(rest, 401);
        assertThat(rest.header("WWW-Authenticate")).contains("Bearer realm=\"mcp-hybrid-server\", resource_metadata=\"" + metadataUrl()
                + "\", scope=\"mcp:read mcp:call mcp:admin\"");

        GatewayClient.Reply mcp = anonymous.send(mcpPost());
        assertThat(mcp.status()).isEqualTo(401);
        assertThat(mcp.contentType()).startsWith("application/json");
        JsonObject error = mcp.object();
        assertThat(error.getString("jsonrpc")).isEqualTo("2.0");
        assertThat(error.isNull("id")).isTrue();
        assertThat(error.getJsonObject("error").getInt("code")).isEqualTo(-32001);
        assertThat(mcp.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value)
                .contains("resource_metadata=\"" + metadataUrl() + "\"").doesNotContain("error="));

        assertInvalidToken("not-a-jwt");
        // once an issuer is configured, the development key pair's tokens are someone else's
        assertInvalidToken(Tokens.admin());
    }

    @Test
    void aTokenOfTheIssuerCallsTheRestApiWithTheRoleItsScopeGives() {
        GatewayClient operator = new GatewayClient(OAuthFixture.gatewayUrl(), OAuthFixture.token("mcp:read mcp:call"));
        JsonObject me = operator.get("/api/me").object();
        assertThat(me.getString("name")).isEqualTo(OAuthFixture.MACHINE_CLIENT);
        assertThat(me.getString("role")).isEqualTo("operator");
        assertThat(strings(me, "groups")).contains("operator", "viewer", "mcp:call", "mcp:read");

        GatewayClient.Reply echo = operator.post("/api/tools/everything.echo/execute", "{\"arguments\":{\"message\":\"with the issuer's token\"}}");
        assertThat(echo.status()).as(echo.toString()).isEqualTo(200);
        assertThat(echo.object().getString("status")).isEqualTo("SUCCESS");
        assertThat(echo.body()).contains("Echo: with the issuer's token");

        GatewayClient viewer = new GatewayClient(OAuthFixture.gatewayUrl(), OAuthFixture.token("mcp:read"));
        assertThat(viewer.get("/api/me").object().getString("role")).isEqualTo("viewer");
        assertThat(viewer.get("/api/servers").status()).isEqualTo(200);
        assertThat(assertProblem(viewer.post("/api/tools/everything.echo/execute", "{\"arguments\":{\"message\":\"x\"}}"), 403)
                .getString("detail")).contains("operator role");

        GatewayClient admin = new GatewayClient(OAuthFixture.gatewayUrl(), OAuthFixture.token("mcp:admin"));
        assertThat(admin.get("/api/access-policy").status()).as("mcp:admin alone is an admin").isEqualTo(200);
    }

    @Test
    void theTypeScriptClientCallsMcpWithATokenOfTheIssuer() {
        List<JsonObject> out = NodeScripts.run("mcp-client.mjs", List.of(OAuthFixture.resource(), OAuthFixture.token("mcp:read mcp:call"),
                "streamable", "call", "everything__echo", "{\"message\":\"over mcp\"}"));
        assertThat(step(out, "connected").getJsonObject("server").getString("name")).isEqualTo("mcp-hybrid-server");
        assertThat(step(out, "result").getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("Echo: over mcp");
    }

    @Test
    void theTypeScriptClientFindsTheIssuerByItselfAndGetsATokenForTheGatewaysResource() {
        List<JsonObject> out = NodeScripts.run("mcp-oauth-client.mjs", List.of(OAuthFixture.resource(), OAuthFixture.issuer(),
                OAuthFixture.MACHINE_CLIENT, OAuthFixture.MACHINE_SECRET, "mcp:read mcp:call", "everything__echo", "{\"message\":\"discovered\"}"));
        List<JsonObject> http = out.stream().filter(o -> o.getString("step").equals("http")).toList();
        assertThat(http).as("the client's requests: %s", out).isNotEmpty();
        JsonObject refused = http.get(0);
        assertThat(refused.getInt("status")).isEqualTo(401);
        assertThat(refused.getString("wwwAuthenticate")).contains("resource_metadata=\"" + metadataUrl() + "\"");
        assertThat(http).anySatisfy(request -> {
            assertThat(request.getString("url")).isEqualTo(metadataUrl());
            assertThat(request.getInt("status")).isEqualTo(200);
        });
        JsonObject tokenRequest = http.stream().filter(request -> request.containsKey("form")).findFirst()
                .orElseThrow(() -> new AssertionError("no token request: " + out));
        assertThat(tokenRequest.getString("url")).isEqualTo(OAuthFixture.issuer() + "/token");
        assertThat(tokenRequest.getInt("status")).isEqualTo(200);
        assertThat(tokenRequest.getJsonObject("form").getString("grant_type")).isEqualTo("client_credentials");
        assertThat(tokenRequest.getJsonObject("form").getString("resource")).as("RFC 8707").isEqualTo(OAuthFixture.resource());
        assertThat(step(out, "result").getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("Echo: discovered");
    }

    @Test
    void aTokenOfTheSameIssuerForAnotherResourceIsRefused() {
        String other = OAuthFixture.token("mcp:read mcp:call mcp:admin", OAuthFixture.OTHER_RESOURCE);
        assertThat(claims(other).getString("aud")).isEqualTo(OAuthFixture.OTHER_RESOURCE);
        assertInvalidToken(other);
        JsonObject failed = step(NodeScripts.run("mcp-client.mjs", List.of(OAuthFixture.resource(), other, "streamable", "list")), "failed");
        assertThat(failed.getInt("code")).isEqualTo(401);
        assertThat(failed.getString("message")).contains("-32001");
    }

    @Test
    void afterTheIssuerRotatesItsKeyNewTokensAreVerifiedWithTheNewKey() {
        String before = OAuthFixture.token("mcp:read");
        List<String> kids = OAuthFixture.rotateKeys().getJsonArray("kids").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        String after = OAuthFixture.token("mcp:read");
        assertThat(header(after).getString("kid")).as("signed with the new key").isEqualTo(kids.get(0)).isNotEqualTo(header(before).getString("kid"));
        assertThat(new GatewayClient(OAuthFixture.gatewayUrl(), after).get("/api/servers").status()).isEqualTo(200);
        assertThat(new GatewayClient(OAuthFixture.gatewayUrl(), before).get("/api/servers").status())
                .as("the old key is still in the key set").isEqualTo(200);
    }

    @Test
    void aTokenSignedByAKeyTheIssuerDoesNotListIsRefused() {
        assertInvalidToken(OAuthFixture.mint("unknown-key", "mcp:read mcp:call mcp:admin"));
    }

    @Test
    void anExpiredTokenOfTheIssuerIsRefused() {
        String expired = OAuthFixture.mint("expired", "mcp:read mcp:call mcp:admin");
        assertThat(claims(expired).getJsonNumber("exp").longValue()).isLessThan(System.currentTimeMillis() / 1000 - 3000);
        assertInvalidToken(expired);
    }

    @Test
    void aTokenWithoutAScopeTheGatewayMapsHasNoRole() {
        GatewayClient none = new GatewayClient(OAuthFixture.gatewayUrl(), OAuthFixture.token(""));
        JsonObject problem = assertProblem(none.get("/api/servers"), 403);
        assertThat(problem.getString("detail")).contains("none of the gateway's roles").contains("scope claim");
    }

    private static void assertInvalidToken(String token) {
        GatewayClient caller = new GatewayClient(OAuthFixture.gatewayUrl(), token);
        GatewayClient.Reply rest = caller.get("/api/servers");
        assertProblem(rest, 401);
        assertThat(rest.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value)
                .contains("resource_metadata=\"" + metadataUrl() + "\"").contains("error=\"invalid_token\""));
        GatewayClient.Reply mcp = caller.send(mcpPost());
        assertThat(mcp.status()).isEqualTo(401);
        assertThat(mcp.object().getJsonObject("error").getInt("code")).isEqualTo(-32001);
        assertThat(mcp.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).contains("error=\"invalid_token\""));
    }

    private static HttpRequest.Builder mcpPost() {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
        return HttpRequest.newBuilder(URI.create(OAuthFixture.resource()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(initialize));
    }

    private static JsonObject header(String jwt) {
        return part(jwt, 0);
    }

    private static JsonObject claims(String jwt) {
        return part(jwt, 1);
    }

    private static JsonObject part(String jwt, int index) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8);
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static List<String> strings(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static JsonObject step(List<JsonObject> out, String name) {
        return out.stream().filter(o -> o.getString("step").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + name + "' in " + out));
    }
}
