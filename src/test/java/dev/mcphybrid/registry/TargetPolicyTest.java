package dev.mcphybrid.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {

    /** DNS answers of the test, so nothing depends on the machine's resolver. */
    private static final Map<String, String> DNS = Map.of(
            "mcp.example.org", "93.184.215.14",
            "rebind.example.org", "169.254.169.254",
            "intranet.example.org", "10.1.2.3",
            "v6only.example.org", "2606:4700::1111");

    private TargetPolicy policy(boolean loopback, boolean privateRanges, List<String> hosts) {
        TargetPolicy policy = new TargetPolicy();
        policy.allowLoopback = loopback;
        policy.allowPrivate = privateRanges;
        policy.allowedHosts = Optional.ofNullable(hosts);
        policy.resolver = host -> {
            try {
                return new InetAddress[] {InetAddress.getByName(DNS.getOrDefault(host, host))};
            } catch (UnknownHostException e) {
                throw new IllegalStateException("host " + host + " cannot be resolved");
            }
        };
        return policy;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://169.254.169.254/latest/meta-data",
            "http://[fe80::1]/mcp",
            "http://[::ffff:169.254.169.254]/mcp",
            "http://[fd00:ec2::254]/mcp",
            "http://100.100.100.200/mcp",
            "http://rebind.example.org/mcp",
            "http://0.0.0.0:8080/mcp",
            "http://224.0.0.1/mcp"})
    void metadata_link_local_unspecified_and_multicast_are_never_allowed(String url) {
        assertThat(policy(true, true, null).check(url)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:3001/mcp", "http://localhost/mcp", "http://[::1]/mcp", "http://[::ffff:127.0.0.1]/mcp"})
    void loopback_only_when_allowed(String url) {
        assertThat(policy(false, true, null).check(url)).get().asString().contains("loopback");
        assertThat(policy(true, false, null).check(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.5/mcp", "http://172.16.3.4/mcp", "http://192.168.1.1/mcp",
            "http://100.64.0.1/mcp", "http://[fd12:3456::1]/mcp", "http://intranet.example.org/mcp"})
    void private_ranges_only_when_allowed(String url) {
        assertThat(policy(false, false, null).check(url)).get().asString().contains("private");
        assertThat(policy(false, true, null).check(url)).isEmpty();
    }

    @Test
    void public_addresses_pass_and_the_refusal_names_the_resolved_address() {
        TargetPolicy policy = policy(false, false, null);
        assertThat(policy.check("https://mcp.example.org/mcp")).isEmpty();
        assertThat(policy.check("https://v6only.example.org/mcp")).isEmpty();
        assertThat(policy.check("http://rebind.example.org/mcp")).get().asString()
                .isEqualTo("host rebind.example.org resolves to 169.254.169.254, a link-local or cloud metadata address, which is never allowed");
        assertThat(policy.check("http://no-such-host.invalid/mcp")).get().asString().contains("cannot be resolved");
    }

    @Test
    void an_allowed_hosts_list_restricts_host_names() {
        TargetPolicy policy = policy(false, false, List.of("*.example.org", "search.internal"));
        assertThat(policy.check("https://mcp.example.org/mcp")).isEmpty();
        assertThat(policy.check("https://mcp.example.org.evil.com/mcp")).get().asString().contains("allowed-hosts");
        assertThat(TargetPolicy.matches("*.example.org", "a.b.example.org")).isTrue();
        assertThat(TargetPolicy.matches("search.internal", "SEARCH.internal")).isTrue();
        assertThat(TargetPolicy.matches("search.internal", "search-internal")).isFalse();
    }
}
