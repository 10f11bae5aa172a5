package dev.mcphybrid.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Sorts an IP address into the kind of target it is, for the {@link TargetPolicy}. The first matching range
 * wins, so single metadata endpoints come before the ranges that contain them. An IPv6 address that carries an
 * IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) is judged by that IPv4 address, and any other IPv6
 * address outside global unicast (2000::/3) is never a target.
 */
final class AddressRanges {

    enum Kind {
        PUBLIC, LOOPBACK, PRIVATE, METADATA, LINK_LOCAL, RESERVED
    }

    record Verdict(Kind kind, String description) {
    }

    private record Range(byte[] prefix, int bits) {
        static Range of(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                return new Range(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                        Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private record Known(Range range, Kind kind, String description) {
        Known(String cidr, Kind kind, String description) {
            this(Range.of(cidr), kind, description);
        }
    }

    /**
     * An IPv6 range whose addresses carry an IPv4 address at {@code offset}. Only an IPv4-mapped address reaches
     * this host's own loopback; the others reach the loopback of some translator or relay.
     */
    private record Tunnel(Range range, int offset, String name, boolean local) {
    }

    private static final List<Known> KNOWN = List.of(
            new Known("169.254.169.254/32", Kind.METADATA, "a cloud metadata address (AWS, Azure, GCP, Oracle and others)"),
            new Known("169.254.170.2/32", Kind.METADATA, "a cloud metadata address (AWS ECS task credentials)"),
            new Known("100.100.100.200/32", Kind.METADATA, "a cloud metadata address (Alibaba Cloud)"),
            new Known("fd00:ec2::254/128", Kind.METADATA, "a cloud metadata address (AWS IPv6)"),
            new Known("0.0.0.0/32", Kind.RESERVED, "the unspecified address"),
            new Known("0.0.0.0/8", Kind.RESERVED, "a 'this network' address (0.0.0.0/8)"),
            new Known("127.0.0.0/8", Kind.LOOPBACK, "a loopback address (127.0.0.0/8)"),
            new Known("10.0.0.0/8", Kind.PRIVATE, "a private address (10.0.0.0/8)"),
            new Known("100.64.0.0/10", Kind.PRIVATE, "a private carrier-grade NAT address (100.64.0.0/10)"),
            new Known("169.254.0.0/16", Kind.LINK_LOCAL, "a link-local address (169.254.0.0/16)"),
            new Known("172.16.0.0/12", Kind.PRIVATE, "a private address (172.16.0.0/12)"),
            new Known("192.0.0.0/24", Kind.RESERVED, "an IETF protocol assignment address (192.0.0.0/24)"),
            new Known("192.0.2.0/24", Kind.RESERVED, "a documentation address (192.0.2.0/24)"),
            new Known("192.168.0.0/16", Kind.PRIVATE, "a private address (192.168.0.0/16)"),
            new Known("198.18.0.0/15", Kind.PRIVATE, "a private benchmarking address (198.18.0.0/15)"),
            new Known("198.51.100.0/24", Kind.RESERVED, "a documentation address (198.51.100.0/24)"),
            new Known("203.0.113.0/24", Kind.RESERVED, "a documentation address (203.0.113.0/24)"),
            new Known("224.0.0.0/4", Kind.RESERVED, "a multicast address (224.0.0.0/4)"),
            new Known("255.255.255.255/32", Kind.RESERVED, "the broadcast address"),
            new Known("240.0.0.0/4", Kind.RESERVED, "a reserved address (240.0.0.0/4)"),
            new Known("::/128", Kind.RESERVED, "the unspecified address"),
            new Known("::1/128", Kind.LOOPBACK, "a loopback address (::1)"),
            new Known("fe80::/10", Kind.LINK_LOCAL, "a link-local address (fe80::/10)"),
            new Known("fec0::/10", Kind.PRIVATE, "a private site-local address (fec0::/10)"),
            new Known("fc00::/7", Kind.PRIVATE, "a private unique local address (fc00::/7)"),
            new Known("ff00::/8", Kind.RESERVED, "a multicast address (ff00::/8)"),
            new Known("64:ff9b:1::/48", Kind.RESERVED, "a local-use NAT64 address (64:ff9b:1::/48)"),
            new Known("2001::/32", Kind.RESERVED, "a Teredo tunnel address (2001::/32)"),
            new Known("2001:db8::/32", Kind.RESERVED, "a documentation address (2001:db8::/32)"));

    /** Looked at after {@link #KNOWN}, which already takes :: and ::1 out of the IPv4-compatible range. */
    private static final List<Tunnel> TUNNELS = List.of(
            // bytes, not a literal: InetAddress turns an IPv4-mapped literal into an Inet4Address
            new Tunnel(new Range(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0}, 96), 12, "an IPv4-mapped", true),
            new Tunnel(Range.of("::/96"), 12, "an IPv4-compatible", false),
            new Tunnel(Range.of("64:ff9b::/96"), 12, "a NAT64", false),
            new Tunnel(Range.of("2002::/16"), 2, "a 6to4", false));

    private static final Range GLOBAL_UNICAST = Range.of("2000::/3");

    private AddressRanges() {
    }

    static Verdict classify(InetAddress address) {
        return classify(address.getAddress());
    }

    private static Verdict classify(byte[] address) {
        for (Known known : KNOWN) {
            if (known.range().contains(address)) {
                return new Verdict(known.kind(), known.description());
            }
        }
        if (address.length == 4) {
            return new Verdict(Kind.PUBLIC, "a public address");
        }
        for (Tunnel tunnel : TUNNELS) {
            if (tunnel.range().contains(address)) {
                byte[] ipv4 = Arrays.copyOfRange(address, tunnel.offset(), tunnel.offset() + 4);
                Verdict embedded = classify(ipv4);
                Kind kind = embedded.kind() == Kind.LOOPBACK && !tunnel.local() ? Kind.RESERVED : embedded.kind();
                return new Verdict(kind, tunnel.name() + " address of " + text(ipv4) + ", " + embedded.description());
            }
        }
        if (!GLOBAL_UNICAST.contains(address)) {
            return new Verdict(Kind.RESERVED, "not a global unicast address (2000::/3)");
        }
        return new Verdict(Kind.PUBLIC, "a public address");
    }

    private static String text(byte[] ipv4) {
        return (ipv4[0] & 0xff) + "." + (ipv4[1] & 0xff) + "." + (ipv4[2] & 0xff) + "." + (ipv4[3] & 0xff);
    }
}
