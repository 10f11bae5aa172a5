package dev.mcphybrid.access;

import dev.mcphybrid.security.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The access policy in force. It comes from {@code gateway.access.policy-file} when that file exists (and is re-read
 * when it changes), else {@link AccessPolicy#DEFAULT}. An unreadable file at start-up refuses every call rather than
 * falling back to the permissive default; a bad edit later keeps the policy that was in force.
 */
@ApplicationScoped
public class AccessPolicies {

    private static final Logger LOG = Logger.getLogger(AccessPolicies.class.getName());
    private static final long CHECK_EVERY_NANOS = 2_000_000_000L;

    @Inject
    @ConfigProperty(name = "gateway.access.policy-file")
    String file;

    private Path path;
    private volatile AccessPolicy policy;
    private volatile FileTime loadedVersion;
    private volatile long lastCheck;

    @PostConstruct
    void init() {
        path = Path.of(file).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            policy = AccessPolicy.DEFAULT;
            LOG.info("Access policy: no file at " + path + "; operators and admins may call every tool");
            return;
        }
        try {
            load();
        } catch (IOException | InvalidPolicyException e) {
            policy = new AccessPolicy(List.of(), path + " (unusable, so every call is refused)");
            LOG.severe("Access policy " + path + " cannot be used, so every tool call is refused until it is fixed: " + e.getMessage());
        }
    }

    public AccessDecision decide(Caller caller, String toolId) {
        reloadIfChanged();
        return policy.decide(caller, toolId);
    }

    public AccessPolicy current() {
        reloadIfChanged();
        return policy;
    }

    /** Validates {@code text} and makes it the policy, writing it to the policy file so it survives a restart. */
    public synchronized AccessPolicy replace(String text) throws IOException {
        AccessPolicy parsed = AccessPolicyParser.parse(text, path.toString());
        Files.createDirectories(path.getParent());
        Path temporary = Files.createTempFile(path.getParent(), ".access-policy", ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        loadedVersion = Files.getLastModifiedTime(path);
        policy = parsed;
        LOG.info("Access policy replaced through the API: " + parsed.rules().size() + " rules, written to " + path);
        return parsed;
    }

    private void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - lastCheck < CHECK_EVERY_NANOS) {
            return;
        }
        lastCheck = now;
        try {
            if (Files.exists(path) && !Files.getLastModifiedTime(path).equals(loadedVersion)) {
                synchronized (this) {
                    load();
                }
            }
        } catch (IOException | InvalidPolicyException e) {
            LOG.warning("Access policy " + path + " changed but cannot be used; the previous policy stays in force: " + e.getMessage());
            try {
                loadedVersion = Files.getLastModifiedTime(path);
            } catch (IOException ignored) {
                // retried at the next check
            }
        }
    }

    private void load() throws IOException {
        FileTime version = Files.getLastModifiedTime(path);
        policy = AccessPolicyParser.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        loadedVersion = version;
        LOG.info("Access policy: " + policy.rules().size() + " rules from " + path);
    }
}
