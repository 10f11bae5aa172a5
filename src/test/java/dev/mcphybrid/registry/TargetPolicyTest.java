package dev.mcphybrid.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.mcp.Transport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetPolicyTest {

    /** DNS answers of the test, so nothing depends on the machine's resolver; other names do not resolve. */
    private static final Map<String, List<String>> DNS = Map.ofEntries(
            Map.entry("mcp.example.org", List.of("93.184.215.14")),
            Map.entry("v6only.example.org", List.of("2606:4700::1111")),
            Map.entry("rebind.example.org", List.of("169.254.169.254")),
            Map.entry("metadata-v6.example.org", List.of("fd00:ec2::254")),
            Map.entry("metadata.goog", List.of("169.254.169.254")),
            Map.entry("intranet.example.org", List.of("10.1.2.3")),
            Map.entry("loop.example.org", List.of("127.0.0.2")),
            Map.entry("localhost", List.of("127.0.0.1", "::1")),
            Map.entry("public-then-private.example.org", List.of("93.184.215.14", "2606:4700::1111", "10.0.0.7")),
            Map.entry("private-then-public.example.org", List.of("192.168.0.9", "93.184.215.14")),
            Map.entry("public-then-multicast.example.org", List.of("93.184.215.14", "239.255.255.250")),
            Map.entry("empty.example.org", List.of()));

    private TargetPolicy policy(boolean loopback, boolean privateRanges, List<String> hosts) {
        TargetPolicy policy = new TargetPolicy();
        policy.allowLoopback = loopback;
        policy.allowPrivate = privateRanges;
        policy.allowedHosts = Optional.ofNullable(hosts);
        policy.resolver = host -> {
            List<String> answer = DNS.get(host.toLowerCase(Locale.ROOT).replaceFirst("\\.$", ""));
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] addresses = new InetAddress[answer.size()];
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = InetAddress.getByName(answer.get(i));
            }
            return addresses;
        };
        return policy;
    }

    /** The refusal, which must name the host and read as a sentence, not a stack trace. */
    private static String refusal(TargetPolicy policy, String url, String host) {
        Optional<String> refusal = policy.check(url);
        assertThat(refusal).as(url).isPresent();
        assertThat(refusal.get()).as(url).contains("host " + host).doesNotContain("Exception").doesNotContain("\n");
        return refusal.get();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://169.254.169.254/latest/meta-data | 169.254.169.254",
            "http://169.254.170.2/v2/credentials     | 169.254.170.2",
            "http://[::ffff:169.254.169.254]/mcp     | [::ffff:169.254.169.254] is 169.254.169.254",
            "http://[::ffff:a9fe:a9fe]/mcp           | [::ffff:a9fe:a9fe] is 169.254.169.254",
            "http://[fd00:ec2::254]/mcp              | [fd00:ec2::254]",
            "http://100.100.100.200/mcp              | 100.100.100.200",
            "http://[64:ff9b::a9fe:a9fe]/mcp         | [64:ff9b::a9fe:a9fe]",
            "http://rebind.example.org/mcp           | rebind.example.org resolves to 169.254.169.254",
            "http://metadata-v6.example.org/mcp      | metadata-v6.example.org resolves to fd00:ec2:0:0:0:0:0:254",
            "http://metadata.google.internal/mcp     | metadata.google.internal",
            "http://METADATA.google.internal.:80/x   | METADATA.google.internal.",
            "http://metadata.goog/computeMetadata    | metadata.goog",
            "http://metadata/computeMetadata         | metadata"})
    void cloud_metadata_is_refused_even_with_every_switch_on(String url, String host) {
        assertThat(refusal(policy(true, true, null), url, host)).contains("cloud metadata")
                .contains("unless the exact host is listed in gateway.registration.allowed-hosts");
    }

    @Test
    void metadata_is_refused_by_name_even_when_the_name_does_not_resolve() {
        assertThat(policy(false, false, null).check("http://metadata.google.internal/"))
                .contains("host metadata.google.internal is a cloud metadata service; never allowed unless the exact host"
                        + " is listed in gateway.registration.allowed-hosts");
    }

    @Test
    void metadata_is_allowed_only_when_its_exact_host_is_listed() {
        assertThat(policy(false, false, List.of("169.254.169.254")).check("http://169.254.169.254/latest")).isEmpty();
        assertThat(policy(false, false, List.of("metadata.goog")).check("http://metadata.goog/")).isEmpty();
        assertThat(policy(false, false, List.of("[FD00:EC2::254]")).check("http://[fd00:ec2::254]/")).isEmpty();
        // a pattern is not an exact listing, and listing another host exempts nothing
        assertThat(policy(false, false, List.of("169.254.*")).check("http://169.254.169.254/")).get().asString()
                .contains("cloud metadata");
        assertThat(policy(false, false, List.of("*.goog", "*.example.org")).check("http://metadata.goog/")).get().asString()
                .contains("cloud metadata");
        assertThat(policy(false, false, List.of("metadata.goog", "rebind.example.org")).check("http://rebind.example.org/"))
                .isEmpty();
        assertThat(policy(false, false, List.of("mcp.example.org", "*.example.org")).check("http://rebind.example.org/"))
                .get().asString().contains("cloud metadata");
    }

    @Test
    void allow_private_does_not_open_the_aws_ipv6_metadata_address_inside_fc00() {
        TargetPolicy policy = policy(false, true, null);
        assertThat(policy.check("http://[fd00:ec2::253]/mcp")).isEmpty();
        assertThat(policy.check("http://[fd00:ec2::254]/mcp")).get().asString().contains("cloud metadata");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://2130706433/mcp", "http://167772161/mcp", "http://0x7f000001/mcp", "http://0x7f.0.0.1/mcp",
            "http://0177.0.0.1/mcp", "http://017700000001/mcp", "http://127.1/mcp", "http://10.1/mcp",
            "http://127.1:8080/mcp", "http://127.0.0.01/mcp", "http://0300.0250.0.1/mcp", "http://0x5db8d70e/mcp",
            "http://1.2.3.4.5/mcp", "http://256.1.1.1/mcp", "http://127.0.0.1./mcp", "http://0x/mcp",
            "http://%31%32%37.0.0.1/mcp", "http://mcp.example.123/mcp"})
    void ipv4_in_any_notation_but_dotted_decimal_is_refused_whatever_it_means(String url) {
        String host = url.substring("http://".length(), url.indexOf('/', "http://".length())).replaceFirst(":8080$", "");
        assertThat(refusal(policy(true, true, null), url, host)).contains("non-standard notation");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://0.0.0.0:8080/mcp             | 0.0.0.0 is the unspecified address",
            "http://[::]/mcp                     | [::] is the unspecified address",
            "http://[::ffff:0.0.0.0]/mcp         | [::ffff:0.0.0.0] is 0.0.0.0, the unspecified address",
            "http://0.1.2.3/mcp                  | 0.1.2.3 is a 'this network' address",
            "http://169.254.1.1/mcp              | 169.254.1.1 is a link-local address",
            "http://[fe80::1]/mcp                | [fe80::1] is a link-local address",
            "http://[fe80::1%25eth0]/mcp         | [fe80::1%25eth0] is a link-local address",
            "http://[febf::1]/mcp                | [febf::1] is a link-local address",
            "http://192.0.0.8/mcp                | 192.0.0.8 is an IETF protocol assignment address",
            "http://192.0.2.1/mcp                | 192.0.2.1 is a documentation address",
            "http://224.0.0.1/mcp                | 224.0.0.1 is a multicast address",
            "http://239.255.255.250/mcp          | 239.255.255.250 is a multicast address",
            "http://[ff02::1]/mcp                | [ff02::1] is a multicast address",
            "http://240.0.0.1/mcp                | 240.0.0.1 is a reserved address",
            "http://255.255.255.255/mcp          | 255.255.255.255 is the broadcast address",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/mcp | [2001:0:4136:e378:8000:63bf:3fff:fdd2] is a Teredo tunnel address",
            "http://[2001::1]/mcp                | [2001::1] is a Teredo tunnel address",
            "http://[64:ff9b:1::a00:1]/mcp       | [64:ff9b:1::a00:1] is a local-use NAT64 address",
            "http://[2001:db8::1]/mcp            | [2001:db8::1] is a documentation address",
            "http://[100::1]/mcp                 | [100::1] is not a global unicast address",
            "http://[::127.0.0.1]/mcp            | [::127.0.0.1] is an IPv4-compatible address of 127.0.0.1, a loopback address",
            "http://[64:ff9b::127.0.0.1]/mcp     | [64:ff9b::127.0.0.1] is a NAT64 address of 127.0.0.1, a loopback address",
            "http://[2002:7f00:1::1]/mcp         | [2002:7f00:1::1] is a 6to4 address of 127.0.0.1, a loopback address",
            "http://[::2]/mcp                    | [::2] is an IPv4-compatible address of 0.0.0.2, a 'this network' address",
            "http://public-then-multicast.example.org/ | public-then-multicast.example.org resolves to 239.255.255.250, a multicast"})
    void unspecified_link_local_multicast_and_reserved_addresses_are_refused_with_every_switch_on(String url, String reason) {
        assertThat(refusal(policy(true, true, null), url, reason.substring(0, reason.indexOf(' '))))
                .startsWith("host " + reason).contains("never allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:3001/mcp", "http://127.255.255.254/mcp", "http://localhost/mcp",
            "http://LOCALHOST.:3001/mcp", "http://[::1]/mcp", "http://[0:0:0:0:0:0:0:1]:3001/mcp",
            "http://[::ffff:127.0.0.1]/mcp", "http://loop.example.org/mcp"})
    void loopback_only_when_allowed(String url) {
        assertThat(policy(false, true, null).check(url)).get().asString().contains("loopback")
                .contains("set gateway.registration.allow-loopback=true to allow");
        assertThat(policy(true, false, null).check(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.5/mcp", "http://10.255.255.255/mcp", "http://172.16.3.4/mcp",
            "http://172.31.255.255/mcp", "http://192.168.1.1/mcp", "http://100.64.0.1/mcp", "http://100.127.255.255/mcp",
            "http://198.18.0.1/mcp", "http://198.19.255.255/mcp", "http://[fd12:3456::1]/mcp", "http://[fc00::1]/mcp",
            "http://[fec0::1]/mcp", "http://[::ffff:10.0.0.1]/mcp", "http://[::10.0.0.1]/mcp",
            "http://[64:ff9b::10.0.0.1]/mcp", "http://[64:ff9b::c0a8:101]/mcp", "http://[2002:c0a8:101::1]/mcp",
            "http://intranet.example.org/mcp"})
    void private_ranges_only_when_allowed_and_never_by_the_loopback_switch(String url) {
        assertThat(policy(false, false, null).check(url)).get().asString().contains("private")
                .contains("set gateway.registration.allow-private=true to allow");
        assertThat(policy(true, false, null).check(url)).get().asString().contains("private");
        assertThat(policy(false, true, null).check(url)).isEmpty();
    }

    @Test
    void an_address_that_carries_an_ipv4_address_names_it() {
        assertThat(policy(false, false, null).check("http://[2002:c0a8:101::1]/mcp")).contains("host [2002:c0a8:101::1] is "
                + "a 6to4 address of 192.168.1.1, a private address (192.168.0.0/16); set gateway.registration.allow-private=true to allow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://172.32.0.1/mcp", "http://172.15.255.255/mcp", "http://100.128.0.1/mcp",
            "http://100.63.255.255/mcp", "http://198.20.0.1/mcp", "http://11.0.0.1/mcp", "http://169.253.255.255/mcp",
            "http://223.255.255.255/mcp", "http://192.0.1.1/mcp", "http://1.1.1.1/mcp", "http://[2606:4700::1111]/mcp",
            "http://[2002:5db8:d70e::1]/mcp", "http://[64:ff9b::93.184.215.14]/mcp", "http://[::ffff:1.1.1.1]/mcp",
            "https://mcp.example.org/mcp", "https://v6only.example.org/mcp", "HTTPS://MCP.example.org:8443/mcp",
            "http://mcp.example.org:65535/mcp?x=1#top"})
    void public_addresses_just_outside_the_ranges_pass(String url) {
        assertThat(policy(false, false, null).check(url)).isEmpty();
    }

    @Test
    void every_resolved_address_must_be_allowed_not_just_the_first() {
        TargetPolicy policy = policy(false, false, null);
        assertThat(policy.check("http://public-then-private.example.org/mcp")).contains("host public-then-private.example.org"
                + " resolves to 10.0.0.7, a private address (10.0.0.0/8); set gateway.registration.allow-private=true to allow");
        assertThat(policy.check("http://private-then-public.example.org/mcp")).get().asString()
                .startsWith("host private-then-public.example.org resolves to 192.168.0.9, a private address");
        assertThat(policy(true, false, null).check("http://localhost/mcp")).isEmpty();
        assertThat(policy(false, true, null).check("http://public-then-private.example.org/mcp")).isEmpty();
    }

    @Test
    void a_resolver_answer_in_ipv4_mapped_form_is_judged_by_its_ipv4_address() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 0, 0, 1};
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(address).isInstanceOf(Inet6Address.class);
        TargetPolicy policy = policy(false, false, null);
        policy.resolver = host -> new InetAddress[] {address};
        assertThat(policy.check("http://sneaky.example.org/")).get().asString()
                .contains("an IPv4-mapped address of 10.0.0.1, a private address");
    }

    @Test
    void names_that_do_not_resolve_to_anything_are_refused() {
        TargetPolicy policy = policy(true, true, null);
        assertThat(policy.check("http://no-such-host.invalid/mcp")).contains("host no-such-host.invalid cannot be resolved");
        assertThat(policy.check("http://empty.example.org/mcp")).contains("host empty.example.org resolves to no address");
    }

    @Test
    void user_info_is_refused_because_it_disguises_the_host() {
        TargetPolicy policy = policy(true, true, null);
        assertThat(refusal(policy, "http://public.example@127.0.0.1/", "127.0.0.1")).contains("user info ('public.example@')");
        assertThat(refusal(policy, "http://user:secret@mcp.example.org/", "mcp.example.org")).contains("user info");
        assertThat(refusal(policy, "http://public.example@127.1/", "127.1")).contains("non-standard notation");
    }

    @Test
    void a_fragment_that_looks_like_user_info_does_not_change_the_host() {
        assertThat(refusal(policy(false, false, null), "http://127.0.0.1#@public.example/", "127.0.0.1")).contains("loopback");
        assertThat(refusal(policy(false, false, null), "http://127.0.0.1?@public.example/", "127.0.0.1")).contains("loopback");
        assertThat(policy(false, false, null).check("http://public.example\\@127.0.0.1/")).get().asString()
                .startsWith("not a valid URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://mcp.example.org/mcp", "gopher://mcp.example.org:70/_x",
            "ws://mcp.example.org/mcp", "jar:http://mcp.example.org/x.jar!/", "mcp.example.org/mcp", "//mcp.example.org/mcp"})
    void only_http_and_https_are_allowed(String url) {
        assertThat(policy(true, true, null).check(url)).get().asString().startsWith("only http and https URLs are allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http:///mcp", "http://:8080/mcp", "https:mcp", "http:/mcp", "http://@/mcp"})
    void a_url_without_a_host_is_refused(String url) {
        assertThat(policy(true, true, null).check(url)).contains("URL has no host");
    }

    @Test
    void hosts_the_jdk_does_not_accept_as_host_names_are_refused() {
        assertThat(policy(true, true, null).check("http://my_host.example.org/mcp"))
                .contains("host my_host.example.org is not a valid host name");
        assertThat(policy(true, true, null).check("http://[1:2:3:4:5:6:7:8:9]/mcp")).get().asString()
                .startsWith("not a valid URL");
    }

    @Test
    void public_addresses_pass_and_the_refusal_names_the_resolved_address() {
        TargetPolicy policy = policy(false, false, null);
        assertThat(policy.check("https://mcp.example.org/mcp")).isEmpty();
        assertThat(policy.check("https://v6only.example.org/mcp")).isEmpty();
        assertThat(policy.check("http://rebind.example.org/mcp")).get().asString()
                .isEqualTo("host rebind.example.org resolves to 169.254.169.254, a cloud metadata address (AWS, Azure, GCP,"
                        + " Oracle and others); never allowed unless the exact host is listed in gateway.registration.allowed-hosts");
    }

    @Test
    void an_allowed_hosts_list_restricts_host_names() {
        TargetPolicy policy = policy(false, false, List.of("*.example.org", "search.internal"));
        assertThat(policy.check("https://mcp.example.org/mcp")).isEmpty();
        assertThat(policy.check("https://MCP.example.org./mcp")).isEmpty();
        assertThat(policy.check("https://mcp.example.org.evil.com/mcp")).get().asString().contains("allowed-hosts");
        assertThat(policy.check("https://93.184.215.14/mcp")).get().asString().contains("allowed-hosts");
        // a listed host still has to resolve to an allowed address
        assertThat(policy.check("https://intranet.example.org/mcp")).get().asString().contains("private");
        assertThat(TargetPolicy.matches("*.example.org", "a.b.example.org")).isTrue();
        assertThat(TargetPolicy.matches("search.internal", "SEARCH.internal")).isTrue();
        assertThat(TargetPolicy.matches("search.internal", "search-internal")).isFalse();
    }

    /** DNS rebinding: the name is public when registered, private when the gateway connects. */
    @Test
    void a_name_that_rebinds_to_a_private_address_after_registration_is_refused_at_the_request() {
        TargetPolicy policy = policy(false, false, null);
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        policy.resolver = host -> new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.215.14" : "10.0.0.7")};
        String url = "https://rebinding.example.org/mcp";
        ServerDefinition runtime = definition(url, ServerDefinition.Origin.RUNTIME);

        assertThat(policy.check(url)).as("at registration").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> dev.mcphybrid.mcp.SdkConnectionFactory.guard(policy, runtime.endpoint(), java.net.URI.create(url)))
                .isInstanceOf(dev.mcphybrid.mcp.McpCallException.class)
                .hasMessageContaining("target not allowed")
                .hasMessageContaining("resolves to 10.0.0.7");
        assertThat(lookups.get()).as("resolved again for the request").isEqualTo(2);
    }

    @Test
    void an_sse_endpoint_event_that_points_at_a_forbidden_host_is_refused_at_the_request() {
        TargetPolicy policy = policy(false, false, null);
        ServerDefinition runtime = definition("https://mcp.example.org/sse", ServerDefinition.Origin.RUNTIME);
        dev.mcphybrid.mcp.SdkConnectionFactory.guard(policy, runtime.endpoint(), java.net.URI.create("https://mcp.example.org/message?s=1"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.mcphybrid.mcp.SdkConnectionFactory.guard(policy, runtime.endpoint(),
                        java.net.URI.create("http://169.254.169.254/latest/meta-data/")))
                .hasMessageContaining("target not allowed");
    }

    @Test
    void catalogue_servers_are_the_operator_s_own_and_not_checked_per_request() {
        TargetPolicy policy = policy(false, false, null);
        ServerDefinition catalogue = definition("http://127.0.0.1:3001/mcp", ServerDefinition.Origin.CATALOGUE);
        dev.mcphybrid.mcp.SdkConnectionFactory.guard(policy, catalogue.endpoint(), java.net.URI.create("http://127.0.0.1:3001/mcp"));
    }

    private static ServerDefinition definition(String url, ServerDefinition.Origin origin) {
        return new ServerDefinition("remote", "Remote", Transport.STREAMABLE_HTTP, url, null, null, null, null, null, null,
                null, null, true, origin);
    }
}
