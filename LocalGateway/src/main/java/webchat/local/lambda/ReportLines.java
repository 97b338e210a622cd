package webchat.local.lambda;

import java.util.Locale;

/**
 * Lambda's platform lines for one invocation, as CloudWatch shows them in text format.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html">Log output for Java functions</a>
 */
final class ReportLines {

    private ReportLines() {}

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
        switch (report.outcome()) {
            case TIMEOUT -> line.append("\tStatus: timeout");
            case CRASHED -> line.append("\tStatus: error\tError Type: Runtime.ExitError");
            default -> { }
        }
        return line.toString();
    }
}
