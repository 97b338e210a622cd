package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import webchat.local.lambda.Invocation.Outcome;

class ReportLinesTest {

    private static final String ID = "8f5e6a63-7d0b-4f43-9a57-2f5f3c1b0e11";

    @Test
    void aColdStartReportShowsTheInitDurationAndBillsWholeMillisecondsRoundedUp() {
        InvocationReport report = new InvocationReport("SendMessageFunction", ID, 12.341, 412.549, 87, Outcome.SUCCESS);

        assertEquals("REPORT RequestId: " + ID + "\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB"
                + "\tMax Memory Used: 87 MB\tInit Duration: 412.55 ms", ReportLines.report(report, 512));
    }

    @Test
    void aWarmReportWithoutAKnownPeakMemoryLeavesBothOut() {
        InvocationReport report = new InvocationReport("SendMessageFunction", ID, 3.0, null, null, Outcome.SUCCESS);

        assertEquals("REPORT RequestId: " + ID + "\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB",
                ReportLines.report(report, 128));
    }

    @Test
    void timeoutsAndCrashesEndTheReportWithTheirStatusLikeLambda() {
        InvocationReport timeout = new InvocationReport("F", ID, 1000.5, null, 90, Outcome.TIMEOUT);
        InvocationReport crash = new InvocationReport("F", ID, 5, null, null, Outcome.CRASHED);

        assertEquals("REPORT RequestId: " + ID + "\tDuration: 1000.50 ms\tBilled Duration: 1001 ms"
                + "\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tStatus: timeout", ReportLines.report(timeout, 512));
        assertEquals("REPORT RequestId: " + ID + "\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 512 MB"
                + "\tStatus: error\tError Type: Runtime.ExitError", ReportLines.report(crash, 512));
    }

    @Test
    void aRestoredSnapStartFunctionReportsItsRestoreAndNoInitDurationAsLambdaDoes() {
        InvocationReport restored = new InvocationReport("ConnectFunction", ID, 8.2, null, 99, Outcome.SUCCESS,
                13.71);

        assertEquals("REPORT RequestId: " + ID + "\tDuration: 8.20 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB"
                + "\tMax Memory Used: 99 MB\tRestore Duration: 13.71 ms\tBilled Restore Duration: 14 ms",
                ReportLines.report(restored, 512));
    }

    @Test
    void aPublishedVersionsInitGoesToAnInitReportWithItsStatus() {
        assertEquals("INIT_REPORT Init Duration: 1234.50 ms\tPhase: init\tStatus: success",
                ReportLines.initReport(1234.5, null));
        assertEquals("INIT_REPORT Init Duration: 80.00 ms\tPhase: init\tStatus: error"
                + "\tError Type: Runtime.BeforeCheckpointError", ReportLines.initReport(80, "Runtime.BeforeCheckpointError"));
    }
}
