package dev.mcphybrid.workflow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The workflow keys of MP Config; defaults in microprofile-config.properties, described in README "Configuration". */
@ApplicationScoped
public class WorkflowSettings {

    @Inject
    @ConfigProperty(name = "gateway.workflows.dir")
    String dir;

    @Inject
    @ConfigProperty(name = "gateway.workflows.reload-ms")
    long reloadMs;

    @Inject
    @ConfigProperty(name = "gateway.workflows.lease-ms")
    long leaseMs;

    @Inject
    @ConfigProperty(name = "gateway.workflows.resume-wait-ms")
    long resumeWaitMs;

    public Path dir() {
        return Path.of(dir);
    }

    /** How often the definition files (and the API's definitions) are read again. */
    public Duration reload() {
        return Duration.ofMillis(reloadMs);
    }

    /** How long a claim on a run holds without renewal; renewed every third of it. */
    public Duration lease() {
        return Duration.ofMillis(leaseMs);
    }

    /** How long a resumed run waits for the server of a step that was in flight, to learn whether its tool is idempotent. */
    public Duration resumeWait() {
        return Duration.ofMillis(resumeWaitMs);
    }
}
