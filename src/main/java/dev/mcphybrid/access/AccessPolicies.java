package dev.mcphybrid.access;

import dev.mcphybrid.cluster.ClusterStore;
import dev.mcphybrid.cluster.ConfigChanged;
import dev.mcphybrid.cluster.ConfigNotices;
import dev.mcphybrid.security.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
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
 * <p>
 * In a cluster, a policy put through the API is stored in the database instead and is in force on every instance:
 * the others are told at once ({@link ConfigNotices}) and read it again. Once one is stored it wins over the file,
 * at start-up too; until then each instance uses its file.
 */
@ApplicationScoped
public class AccessPolicies {

    private static final Logger LOG = Logger.getLogger(AccessPolicies.class.getName());
    private static final long CHECK_EVERY_NANOS = 2_000_000_000L;

    @Inject
    @ConfigProperty(name = "gateway.access.policy-file")
    String file;

    @Inject
    ClusterStore cluster;

    @Inject
    PolicyStore store;

    @Inject
    ConfigNotices notices;

    private Path path;
    /** A policy from the database is in force (clusters only); the file is then not read again. */
    private volatile boolean shared;
    /** The database could not be read for the shared policy yet; tried again at the next check. */
    private volatile boolean sharedPending;
    private volatile AccessPolicy policy;
    private volatile FileTime loadedVersion;
    private volatile long lastCheck;

    @PostConstruct
    void init() {
        path = Path.of(file).toAbsolutePath().normalize();
        sharedPending = clustered();
        if (!Files.exists(path)) {
            policy = AccessPolicy.DEFAULT;
            LOG.info("Access policy: no file at " + path + "; operators and admins may call every tool");
        } else {
            try {
                load();
            } catch (IOException | InvalidPolicyException e) {
                policy = new AccessPolicy(List.of(), path + " (unusable, so every call is refused)");
                LOG.severe("Access policy " + path + " cannot be used, so every tool call is refused until it is fixed: " + e.getMessage());
            }
        }
        if (sharedPending) {
            loadShared();
        }
    }

    /** Another instance of the cluster put a policy: read it from the database. */
    void sharedPolicyChanged(@ObservesAsync ConfigChanged change) {
        if (change.what() == ConfigChanged.What.ACCESS_POLICY) {
            loadShared();
        }
    }

    private boolean clustered() {
        return cluster != null && cluster.enabled();
    }

    /** Makes the policy stored in the database the one in force, if there is one. */
    private synchronized void loadShared() {
        try {
            store.current().ifPresent(row -> {
                String source = "database (put by " + row.updatedBy() + " at " + row.updatedAt().toInstant() + ")";
                try {
                    policy = AccessPolicyParser.parse(row.document(), source);
                    shared = true;
                    LOG.info("Access policy: " + policy.rules().size() + " rules from the " + source);
                } catch (InvalidPolicyException e) {
                    // it was valid when stored; a newer instance may have stored what this one cannot read
                    LOG.severe("The access policy in the database cannot be used by this instance; the previous policy "
                            + "stays in force: " + e.getMessage());
                }
            });
            sharedPending = false;
        } catch (RuntimeException e) {
            sharedPending = true;
            LOG.warning("Cannot read the cluster's access policy from the database yet (" + e.getMessage()
                    + "); the policy in force stays until it can be read");
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

    /**
     * Validates {@code text} and makes it the policy, writing it to the policy file so it survives a restart; in a
     * cluster, to the database, and tells the other instances.
     */
    public synchronized AccessPolicy replace(String text, String principal) throws IOException {
        if (clustered()) {
            AccessPolicyParser.parse(text, "database"); // every problem reported before anything is stored
            store.save(text, principal);
            loadShared();
            notices.announce(ConfigChanged.What.ACCESS_POLICY);
            LOG.info("Access policy replaced through the API by " + principal + ": " + policy.rules().size()
                    + " rules, stored in the database for every instance");
            return policy;
        }
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
        if (sharedPending) {
            loadShared();
        }
        if (shared) {
            return; // the cluster's policy from the database wins over the file
        }
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
