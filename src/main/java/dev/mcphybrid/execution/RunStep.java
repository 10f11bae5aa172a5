package dev.mcphybrid.execution;

import java.util.UUID;

/** The workflow run and step a call is made for; the audit row carries both, so a run's calls can be found. */
public record RunStep(UUID runId, String stepId) {
}
