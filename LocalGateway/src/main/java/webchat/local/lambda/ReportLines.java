package webchat.local.lambda;

import java.util.Locale;

/**
 * Lambda's platform lines for one invocation, as CloudWatch shows them in text format.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html">Log output for Java functions</a>
 */
final class ReportLines {

    private ReportLines() {}

    /**
     * A SnapStart version's Init phase, run when the version is published: "the Init Duration field is in the
     * INIT_REPORT record ... including the duration of any beforeCheckpoint runtime hooks"
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-monitoring.html).
     */
    static String initReport(double initDurationMs, String errorType) {
        String line = "INIT_REPORT Init Duration: " + String.format(Locale.ROOT, "%.2f", initDurationMs)
                + " ms\tPhase: init";
        return errorType == null ? line + "\tStatus: success" : line + "\tStatus: error\tError Type: " + errorType;
    }

    static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    static String report(InvocationReport report, int memorySizeMb) {
        StringBuilder line = new StringBuilder()
                .append("REPORT RequestId: ").append(report.requestId())
                .append("\tDuration: ").append(String.format(Locale.ROOT, "%.2f", report.durationMs())).append(" ms")
                .append("\tBilled Duration: ").append((long) Math.ceil(report.durationMs())).append(" ms")
                .append("\tMemory Size: ").append(memorySizeMb).append(" MB");
        if (report.maxMemoryMb() != null) {
            line.append("\tMax Memory Used: ").append(report.maxMemoryMb()).append(" MB");
        }
        if (report.initDurationMs() != null) {
            line.append("\tInit Duration: ").append(String.format(Locale.ROOT, "%.2f", report.initDurationMs()))
                    .append(" ms");
        }
        if (report.restoreDurationMs() != null) {
            // https://docs.aws.amazon.com/lambda/latest/dg/snapstart-monitoring.html: locally nothing is loaded from
            // outside the environment, so the billed restore is the whole restore.
            line.append("\tRestore Duration: ").append(String.format(Locale.ROOT, "%.2f", report.restoreDurationMs()))
                    .append(" ms\tBilled Restore Duration: ").append((long) Math.ceil(report.restoreDurationMs()))
                    .append(" ms");
        }
        switch (report.outcome()) {
            case TIMEOUT -> line.append("\tStatus: timeout");
            case CRASHED -> line.append("\tStatus: error\tError Type: Runtime.ExitError");
            default -> { }
        }
        return line.toString();
    }
}
