package dev.mcphybrid.audit;

import java.util.List;

/** A page of executions, newest first; pass {@code nextCursor} back as {@code cursor} for the next page. */
public record ExecutionPage(List<ExecutionView> items, String nextCursor) {
}
