package webchat.local.lambda;

import webchat.local.lambda.Invocation.Outcome;

/**
 * What one invocation's REPORT line says, for benchmarks and tests.
 *
 * @param durationMs     from the event's delivery to the runtime until its response, error or timeout
 * @param initDurationMs from the JVM's start to its first {@code /next} call, on a cold start only; else null
 * @param maxMemoryMb    the JVM's peak resident memory, or null where it cannot be read
 * @param restoreDurationMs on a SnapStart environment's first invocation: from its restore until the runtime asked
 *                       for the invocation (afterRestore hooks included); else null
 */
public record InvocationReport(
        String functionId,
        String requestId,
        double durationMs,
        Double initDurationMs,
        Integer maxMemoryMb,
        Outcome outcome,
        Double restoreDurationMs) {

    /** A report without a restore. */
    public InvocationReport(String functionId, String requestId, double durationMs, Double initDurationMs,
            Integer maxMemoryMb, Outcome outcome) {
        this(functionId, requestId, durationMs, initDurationMs, maxMemoryMb, outcome, null);
    }
}
