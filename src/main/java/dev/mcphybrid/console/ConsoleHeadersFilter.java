package dev.mcphybrid.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.mcphybrid.security.IssuerMetadata;
import dev.mcphybrid.security.OAuthIssuer;
import dev.mcphybrid.security.OAuthSettings;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The console's pages need a policy that lets them load their own scripts, styles and the images and audio a tool
 * returns (as data: URLs), and call the API of their own origin; nothing inline, nothing from another origin. It
 * replaces the API's {@code default-src 'none'} set by the security headers filter before it. With an issuer for the
 * console's sign-in, {@code connect-src} also names the issuer's origins, and nothing else. Static files are
 * revalidated on every load, so a new release of the gateway is never mixed with cached modules of an older one.
 */
public class ConsoleHeadersFilter extends HttpFilter {

    static final String POLICY = policy(Set.of());

    static String policy(Set<String> signInOrigins) {
        String connect = signInOrigins.isEmpty() ? "'self'" : "'self' " + String.join(" ", new TreeSet<>(signInOrigins));
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "media-src 'self' data:; connect-src " + connect + "; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
                + "form-action 'none'; frame-ancestors 'none'";
    }

    /**
     * Where the console's sign-in fetches from when it signs in with the configured issuer: the issuer's metadata and
     * its token endpoint (which may live on another origin, as Google's does). The browser only navigates to the
     * authorization endpoint, which the policy does not govern.
     */
    static Set<String> signInOrigins() {
        Optional<OAuthSettings> settings = OAuthIssuer.settings().filter(s -> s.issuer().isPresent() && s.consoleClientId().isPresent());
        if (settings.isEmpty()) {
            return Set.of();
        }
        Set<String> origins = new HashSet<>();
        settings.get().authorizationServers().forEach(server -> origins.add(OAuthSettings.origin(server)));
        settings.get().issuer().ifPresent(issuer -> origins.add(OAuthSettings.origin(issuer)));
        OAuthIssuer.metadata().flatMap(IssuerMetadata::tokenEndpoint).ifPresent(token -> origins.add(OAuthSettings.origin(token)));
        return origins;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", policy(signInOrigins()));
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
