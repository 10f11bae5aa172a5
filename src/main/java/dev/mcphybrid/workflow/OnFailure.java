package dev.mcphybrid.workflow;

/** What a run does when a step has failed for good (after its retries). */
public enum OnFailure {
    /** The run fails: no further step starts; steps already running finish. */
    FAIL,
    /** The run goes on; later steps see the failure in {@code ${steps.<id>.status}} and {@code .error}. */
    CONTINUE,
    /** The run stops and undoes what succeeded: each compensation, newest first, then ends COMPENSATED. */
    COMPENSATE
}
