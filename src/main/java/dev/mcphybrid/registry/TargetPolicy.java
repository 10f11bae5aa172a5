package dev.mcphybrid.registry;

import dev.mcphybrid.common.Globs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides whether a runtime-registered server URL may be reached (SSRF protection). The host is resolved and
 * every address it resolves to must be allowed, so a DNS name cannot smuggle in a forbidden address. Checked at
 * registration and again before every connect (a DNS answer can change). Link-local and cloud metadata
 * addresses are never allowed; loopback and private ranges only when configured.
 */
@ApplicationScoped
public class TargetPolicy {

    /** Cloud metadata endpoints outside the link-local range (AWS IPv6, Alibaba). */
    private static final Set<String> METADATA_ADDRESSES = Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    @Inject
    @ConfigProperty(name = "gateway.registration.allow-loopback", defaultValue = "false")
    boolean allowLoopback;

    @Inject
    @ConfigProperty(name = "gateway.registration.allow-private", defaultValue = "false")
    boolean allowPrivate;

    @Inject
    @ConfigProperty(name = "gateway.registration.allowed-hosts")
    Optional<List<String>> allowedHosts;

    /** Overridable for tests, which must not depend on real DNS. */
    Function<String, InetAddress[]> resolver = TargetPolicy::resolve;

    /** @return why the URL is refused, or empty when it may be reached */
    public Optional<String> check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a valid URL");
        }
        String host = uri.getHost();
        if (host == null) {
            return Optional.of("URL has no host");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.isPresent() && allowedHosts.get().stream().noneMatch(glob -> matches(glob, bareHost))) {
            return Optional.of("host " + bareHost + " is not in gateway.registration.allowed-hosts");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.apply(bareHost);
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                return Optional.of("host " + bareHost + " resolves to " + address.getHostAddress() + ", " + refusal.get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> refusal(InetAddress raw) {
        InetAddress address = unmapIpv4(raw);
        if (address.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (address.isLinkLocalAddress() || METADATA_ADDRESSES.contains(address.getHostAddress())) {
            return Optional.of("a link-local or cloud metadata address, which is never allowed");
        }
        if (address.isMulticastAddress() || isBroadcast(address)) {
            return Optional.of("a multicast or broadcast address");
        }
        if (address.isLoopbackAddress() && !allowLoopback) {
            return Optional.of("a loopback address (set gateway.registration.allow-loopback=true to allow)");
        }
        if (isPrivate(address) && !allowPrivate) {
            return Optional.of("a private address (set gateway.registration.allow-private=true to allow)");
        }
        return Optional.empty();
    }

    /** {@code ::ffff:a.b.c.d} is checked as {@code a.b.c.d}. */
    static InetAddress unmapIpv4(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    private static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return address.isSiteLocalAddress()                       // 10/8, 172.16/12, 192.168/16
                    || (first == 100 && second >= 64 && second < 128)  // 100.64/10 carrier-grade NAT
                    || (first == 198 && (second == 18 || second == 19)) // 198.18/15 benchmarking
                    || first == 0;                                       // 0/8 "this network"
        }
        return (b[0] & 0xfe) == 0xfc || address.isSiteLocalAddress();   // fc00::/7 unique local, fec0::/10
    }

    private static boolean isBroadcast(InetAddress address) {
        return address instanceof Inet4Address && address.getHostAddress().equals("255.255.255.255");
    }

    static boolean matches(String glob, String host) {
        return Globs.compile(glob, true).matcher(host).matches();
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("host " + host + " cannot be resolved");
        }
    }
}
