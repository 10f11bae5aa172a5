package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console signs in with the gateway's issuer: authorization code with PKCE, through the real login and consent
 * pages of oidc-provider (src/it/scripts/oidc-issuer.mjs), in headless Chromium driven by playwright-core from
 * src/it/scripts/console-oauth-browser.mjs; then a data tab renders with the token, and sign-out forgets it. On
 * gateway-itoauth (OAuthFixture), whose console client is the issuer's public client gateway-console.
 */
class ConsoleOAuthIT {

    @BeforeAll
    static void issuerAndGatewayUp() {
        OAuthFixture.start();
    }

    @Test
    void the_console_offers_the_issuer_only_when_one_is_configured_and_allows_only_its_origin() {
        GatewayClient anonymous = new GatewayClient(OAuthFixture.gatewayUrl(), null);
        assertThat(anonymous.get("/console/settings.json").object().getJsonObject("oauth").getString("clientId"))
                .isEqualTo(OAuthFixture.CONSOLE_CLIENT);
        assertThat(anonymous.get("/console/").header("Content-Security-Policy").orElseThrow())
                .contains("connect-src 'self' " + OAuthFixture.issuer() + ";").contains("script-src 'self';").contains("form-action 'none'")
                .doesNotContain("unsafe-inline");
        // the development-key gateway has no issuer: paste a token only
        assertThat(GatewayClient.anonymous().get("/console/settings.json").object().isNull("oauth")).isTrue();
    }

    @Test
    void an_operator_signs_in_at_the_issuer_with_pkce_and_sees_the_servers_tab() {
        List<JsonObject> out = NodeScripts.run("console-oauth-browser.mjs",
                List.of(OAuthFixture.gatewayUrl(), OAuthFixture.issuer(), "ana", "target/console"));
        if (out.stream().anyMatch(o -> o.getString("step").equals("error"))) {
            throw new AssertionError("the browser script failed: " + out);
        }

        assertThat(step(out, "forged").getString("message")).contains("state");
        assertThat(step(out, "forged").getString("url")).as("the code left the address bar").doesNotContain("forged-code");

        JsonObject offered = step(out, "offered");
        assertThat(offered.getBoolean("pasteStillThere")).isTrue();
        assertThat(offered.getString("hint")).contains("localhost:" + System.getProperty("it.oidc.port", "9185"));

        String authorize = step(out, "authorize").getString("request");
        assertThat(authorize).contains("response_type=code", "client_id=" + OAuthFixture.CONSOLE_CLIENT, "code_challenge_method=S256",
                "code_challenge=", "state=", "resource=" + java.net.URLEncoder.encode(OAuthFixture.resource(), java.nio.charset.StandardCharsets.UTF_8),
                "scope=mcp%3Aread+mcp%3Acall+mcp%3Aadmin");
        assertThat(step(out, "consent").getString("text")).as("consent to the gateway's resource and its scopes")
                .contains(OAuthFixture.resource()).contains("mcp:read").contains("mcp:call").contains("mcp:admin");

        JsonObject signedIn = step(out, "signed-in");
        assertThat(signedIn.getString("who")).isEqualTo("ana (admin)");
        assertThat(signedIn.getString("url")).as("no code left in the address").doesNotContain("code=").endsWith("/console/#servers");
        assertThat(signedIn.getString("tokenRequest")).startsWith("POST " + OAuthFixture.issuer() + "/token");
        assertThat(strings(signedIn, "session")).as("the tab's sessionStorage only").contains("mcp-console-token")
                .doesNotContain("mcp-console-oauth-pending");
        assertThat(strings(signedIn, "local")).isEmpty();
        assertThat(signedIn.getString("cookies")).isEmpty();
        assertThat(signedIn.getJsonArray("csp")).as("no Content-Security-Policy violation").isEmpty();
        // the token the console got is the issuer's, for the gateway, and the gateway takes it
        String token = signedIn.getString("token");
        GatewayClient console = new GatewayClient(OAuthFixture.gatewayUrl(), token);
        JsonObject me = console.get("/api/me").object();
        assertThat(me.getString("name")).isEqualTo("ana");
        assertThat(me.getString("role")).isEqualTo("admin");

        assertThat(strings(step(out, "signed-out"), "session")).doesNotContain("mcp-console-token");
        assertThat(strings(step(out, "done"), "problems")).isEmpty();
    }

    private static JsonObject step(List<JsonObject> out, String name) {
        return out.stream().filter(o -> o.getString("step").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + name + "' in " + out));
    }

    private static List<String> strings(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
