package dev.mcphybrid.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsoleHeadersFilterTest {

    @Test
    void theIssuersOriginsAreTheOnlyOnesTheConsoleMayConnectToBesidesItsOwn() {
        assertThat(ConsoleHeadersFilter.POLICY).contains("connect-src 'self';").contains("script-src 'self';").doesNotContain("unsafe");
        String policy = ConsoleHeadersFilter.policy(Set.of("https://login.example.com", "https://api.example.com"));
        assertThat(policy).contains("connect-src 'self' https://api.example.com https://login.example.com;")
                .contains("form-action 'none'").contains("script-src 'self';");
    }
}
