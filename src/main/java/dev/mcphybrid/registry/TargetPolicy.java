package dev.mcphybrid.registry;

import dev.mcphybrid.common.Globs;
import dev.mcphybrid.mcp.TargetCheck;
import dev.mcphybrid.registry.AddressRanges.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides whether a runtime-registered server URL may be reached (SSRF protection). Only http and https URLs
 * with a plain host are accepted. The host is resolved and every address it resolves to must be allowed, so a
 * DNS name cannot smuggle in a forbidden address; {@link AddressRanges} says what each address is. Checked at
 * registration, before every connect, and on the URI of every HTTP request a session sends (a DNS answer can
 * change, and an SSE server chooses its own message URL). Loopback and private ranges are
 * allowed only when configured; cloud metadata and link-local targets only when their exact host is listed in
 * {@code gateway.registration.allowed-hosts}; unspecified, multicast, broadcast and reserved addresses never.
 */
@ApplicationScoped
public class TargetPolicy implements TargetCheck {

    /** Cloud metadata services, refused by name: the name may not resolve where the check runs. */
    private static final Set<String> METADATA_NAMES = Set.of(
            "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal");

    /** A host whose last label is a number is an IPv4 address to URL parsers and resolvers (WHATWG URL). */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(.*\\.)?([0-9]+|0x[0-9a-f]*)\\.?");

    /** The one IPv4 notation every parser reads the same way. */
    private static final Pattern DOTTED_DECIMAL = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    /** Finds every address of a host name; replaced in tests, which must not depend on real DNS. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    @Inject
    @ConfigProperty(name = "gateway.registration.allow-loopback")
    boolean allowLoopback;

    @Inject
    @ConfigProperty(name = "gateway.registration.allow-private")
    boolean allowPrivate;

    @Inject
    @ConfigProperty(name = "gateway.registration.allowed-hosts")
    Optional<List<String>> allowedHosts;

    Resolver resolver = InetAddress::getAllByName;

    /**
     * An http request goes to the address the per-request check allowed (SdkConnectionFactory.guard); an https
     * request is resolved again by the HTTP client, which then gets the checked answer only while the JVM caches DNS
     * answers; with caching off, a rebinding name has the few milliseconds between the check and the connect.
     */
    @jakarta.annotation.PostConstruct
    void warnWithoutDnsCache() {
        if (dnsCacheSeconds() == 0) {
            java.util.logging.Logger.getLogger(TargetPolicy.class.getName()).warning("The JVM does not cache DNS answers "
                    + "(networkaddress.cache.ttl=0): a registered https server's host name is checked before every request, but "
                    + "could resolve differently again when the HTTP client connects; keep the cache on (the default, 30 s)");
        }
    }

    /** How long the JVM keeps a positive DNS answer: -1 forever, 0 not at all (java.security: networkaddress.cache.ttl). */
    static int dnsCacheSeconds() {
        String value = java.security.Security.getProperty("networkaddress.cache.ttl");
        if (value == null) {
            value = System.getProperty("sun.net.inetaddr.ttl");
        }
        try {
            return value == null ? 30 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 30;
        }
    }

    /** @return why the URL is refused, or empty when it may be reached */
    public Optional<String> check(String url) {
        return inspect(url).refusal();
    }

    @Override
    public TargetCheck.Verdict inspect(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return TargetCheck.Verdict.refused("not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return TargetCheck.Verdict.refused("only http and https URLs are allowed" + (scheme.isEmpty() ? "" : ", not " + scheme));
        }
        String host = hostOf(uri);
        if (host.isEmpty()) {
            return TargetCheck.Verdict.refused("URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            return TargetCheck.Verdict.refused("host " + host + " is preceded by user info ('" + uri.getRawUserInfo()
                    + "@'), which is not allowed: it makes the URL look like it goes elsewhere");
        }
        if (NUMERIC_HOST.matcher(host).matches() && !DOTTED_DECIMAL.matcher(host).matches()) {
            return TargetCheck.Verdict.refused("host " + host + " is an IPv4 address in a non-standard notation (octal, hexadecimal, "
                    + "a single number or fewer than four parts), which parsers read differently; write it as a.b.c.d");
        }
        if (uri.getHost() == null) {
            return TargetCheck.Verdict.refused("host " + host + " is not a valid host name");
        }
        String name = normalized(host);
        if (allowedHosts.isPresent() && allowedHosts.get().stream().noneMatch(glob -> matches(normalized(glob), name))) {
            return TargetCheck.Verdict.refused("host " + host + " is not in gateway.registration.allowed-hosts");
        }
        boolean listedExactly = allowedHosts.orElse(List.of()).stream()
                .anyMatch(entry -> !entry.contains("*") && normalized(entry).equals(name));
        if (METADATA_NAMES.contains(name) && !listedExactly) {
            return TargetCheck.Verdict.refused("host " + host + " is a cloud metadata service; " + hint(Kind.METADATA));
        }
        return checkAddresses(host, listedExactly);
    }

    private TargetCheck.Verdict checkAddresses(String host, boolean listedExactly) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean literal = bare.contains(":") || DOTTED_DECIMAL.matcher(bare).matches();
        InetAddress[] addresses;
        try {
            // a literal is parsed, never looked up; a zone id (fe80::1%eth0) does not change what the address is
            addresses = literal ? new InetAddress[] {InetAddress.getByName(bare.replaceFirst("%.*", ""))}
                    : resolver.resolve(bare);
        } catch (UnknownHostException | SecurityException e) {
            return TargetCheck.Verdict.refused("host " + host + (literal ? " is not a valid IP address" : " cannot be resolved"));
        }
        if (addresses == null || addresses.length == 0) {
            return TargetCheck.Verdict.refused("host " + host + " resolves to no address");
        }
        for (InetAddress address : addresses) {
            AddressRanges.Verdict verdict = AddressRanges.classify(address);
            if (!allowed(verdict.kind(), listedExactly)) {
                String shown = address.getHostAddress().replaceFirst("%.*", "");
                // an IPv6 literal the JDK turned into IPv4 (::ffff:a.b.c.d) is named by the address it means
                String what = !literal ? " resolves to " + shown + ", "
                        : bare.contains(":") == shown.contains(":") ? " is " : " is " + shown + ", ";
                return TargetCheck.Verdict.refused("host " + host + what + verdict.description() + "; " + hint(verdict.kind()));
            }
        }
        return new TargetCheck.Verdict(Optional.empty(), List.of(addresses));
    }

    private boolean allowed(Kind kind, boolean listedExactly) {
        return switch (kind) {
            case PUBLIC -> true;
            case LOOPBACK -> allowLoopback;
            case PRIVATE -> allowPrivate;
            case METADATA, LINK_LOCAL -> listedExactly;
            case RESERVED -> false;
        };
    }

    private static String hint(Kind kind) {
        return switch (kind) {
            case LOOPBACK -> "set gateway.registration.allow-loopback=true to allow";
            case PRIVATE -> "set gateway.registration.allow-private=true to allow";
            case METADATA, LINK_LOCAL -> "never allowed unless the exact host is listed in gateway.registration.allowed-hosts";
            case PUBLIC, RESERVED -> "never allowed";
        };
    }

    /** The host as written, with IPv6 brackets; taken from the authority when {@link URI} found no valid host. */
    private static String hostOf(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        return hostAndPort.startsWith("[") ? hostAndPort : hostAndPort.replaceFirst(":[0-9]*$", "");
    }

    /** Lower case, without IPv6 brackets or the trailing dot of a fully qualified name. */
    private static String normalized(String host) {
        String bare = host.trim().toLowerCase(Locale.ROOT).replaceFirst("^\\[(.*)]$", "$1");
        return bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare;
    }

    static boolean matches(String glob, String host) {
        return Globs.compile(glob, true).matcher(host).matches();
    }
}
