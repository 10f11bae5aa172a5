package dev.mcphybrid.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The configured issuer and what it published about itself, for the parts of the gateway that are not CDI beans:
 * {@link OAuthConfigSource}, which hands MicroProfile JWT the issuer's key set, and the servlets of the resource
 * metadata and the console. Configured once at start-up by {@link SecurityStartup}. An issuer that cannot be reached
 * at start-up is asked again on demand, at most every {@link #RETRY}; meanwhile no token of it verifies.
 */
public final class OAuthIssuer {

    private static final Logger LOG = Logger.getLogger(OAuthIssuer.class.getName());
    static final Duration RETRY = Duration.ofSeconds(10);

    private static volatile OAuthSettings settings;
    private static volatile IssuerMetadata metadata;
    private static long nextAttemptNanos;
    private static HttpClient http;

    private OAuthIssuer() {
    }

    /** Takes the settings; with an issuer, reads its metadata now and returns it, if it answered. */
    static synchronized Optional<IssuerMetadata> configure(OAuthSettings configured) {
        settings = configured;
        metadata = null;
        nextAttemptNanos = System.nanoTime();
        return metadata();
    }

    /** The settings, once the gateway has started. */
    public static Optional<OAuthSettings> settings() {
        return Optional.ofNullable(settings);
    }

    /** The configured issuer's metadata; empty without an issuer, or while it cannot be read. */
    public static Optional<IssuerMetadata> metadata() {
        IssuerMetadata known = metadata;
        if (known != null) {
            return Optional.of(known);
        }
        OAuthSettings current = settings;
        if (current == null || current.issuer().isEmpty()) {
            return Optional.empty();
        }
        synchronized (OAuthIssuer.class) {
            if (metadata == null && System.nanoTime() - nextAttemptNanos >= 0) {
                nextAttemptNanos = System.nanoTime() + RETRY.toNanos();
                try {
                    metadata = IssuerMetadata.discover(client(), current.issuer().get());
                    LOG.info("Read the metadata of issuer " + current.issuer().get() + " from " + metadata.source()
                            + ": keys at " + metadata.jwksUri());
                } catch (IOException e) {
                    LOG.warning("Cannot read the metadata of issuer " + current.issuer().get() + ", so none of its tokens "
                            + "verifies until it can (asked again in " + RETRY.toSeconds() + " s): " + e.getMessage());
                }
            }
            return Optional.ofNullable(metadata);
        }
    }

    /** The key set MicroProfile JWT verifies the issuer's tokens with: configured, else discovered; empty while unknown. */
    static Optional<URI> jwksUri() {
        OAuthSettings current = settings;
        if (current == null || current.issuer().isEmpty()) {
            return Optional.empty();
        }
        return current.jwksUri().or(() -> metadata().map(IssuerMetadata::jwksUri));
    }

    private static synchronized HttpClient client() {
        if (http == null) {
            // never follows a redirect: the metadata must come from the issuer's own well-known location
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }
}
