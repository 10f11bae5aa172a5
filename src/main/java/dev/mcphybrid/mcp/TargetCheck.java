package dev.mcphybrid.mcp;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the gateway may send a request to a URL (SSRF protection): the registry's target policy, asked
 * before every request to a runtime registration.
 */
public interface TargetCheck {

    /**
     * What one check found: why the URL is refused, or every address its host resolved to (each of them allowed),
     * in the resolver's order. An IP literal's own address counts as resolved.
     */
    record Verdict(Optional<String> refusal, List<InetAddress> addresses) {
        public static Verdict refused(String why) {
            return new Verdict(Optional.of(why), List.of());
        }
    }

    /** The check, with the addresses it allowed: a client that connects to one of them connects where was checked. */
    Verdict inspect(String url);
}
