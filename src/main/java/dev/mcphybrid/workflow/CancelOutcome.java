package dev.mcphybrid.workflow;

/** What a cancel did: stopped the run here, asked the instance running it, or found nothing to cancel. */
public enum CancelOutcome {
    CANCELLED, REQUESTED, FINISHED, NOT_FOUND
}
