package webchat.local.smoke;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Smoke test of a running chat endpoint, local or deployed, speaking Protocol v2 (README, "The WebSocket protocol"):
 * connects named clients, broadcasts, sends text shaped like a notice, provokes the handlers' error notices and
 * disconnects, printing one PASS/FAIL line per check. Exit code 0 when all pass, 1 when one fails,
 * 2 for bad usage. See <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-wscat.html">
 * testing a WebSocket API</a>.
 */
public final class SmokeTest {

    /** Every check passed. */
    public static final int PASSED = 0;
    /** At least one check failed. */
    public static final int FAILED = 1;
    /** The arguments were wrong; nothing was run. */
    public static final int USAGE = 2;

    private record Check(String name, Callable<Outcome> run) {
    }

    private final PrintStream out;
    private int passed;
    private int failed;

    private SmokeTest(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the smoke test with command-line arguments, printing to {@code out}; returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(SmokeOptions.USAGE);
            return PASSED;
        }
        SmokeOptions options;
        try {
            options = SmokeOptions.parse(args);
        } catch (SmokeOptions.UsageException e) {
            out.println("smoke: " + e.getMessage());
            out.println(SmokeOptions.USAGE);
            return USAGE;
        }
        return new SmokeTest(out).run(options);
    }

    private int run(SmokeOptions options) {
        out.println("Smoke test of " + options.endpoint() + " with " + options.clients() + " client"
                + (options.clients() == 1 ? "" : "s") + " (timeout " + Outcome.seconds(options.timeout()) + ")");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(options.timeout()).build()) {
            SmokeChecks checks = new SmokeChecks(options, http);
            try {
                report(new Check("connect " + options.clients() + " client" + (options.clients() == 1 ? "" : "s"),
                        checks::connectClients));
                List<Check> rest = List.of(
                        new Check("broadcast reaches every client exactly once, in the server's envelope",
                                checks::broadcastReachesEveryClientOnce),
                        new Check("text shaped like a notice arrives as a message from its sender",
                                checks::spoofedNoticeArrivesAsAMessage),
                        new Check("unknown action gets UNKNOWN_ACTION, sender only", checks::unknownActionGetsHelpForSenderOnly),
                        new Check("non-string data gets DATA_NOT_STRING, sender only", checks::dataNotStringGetsErrorForSenderOnly),
                        new Check("non-JSON frame gets INVALID_JSON, sender only", checks::invalidJsonGetsErrorForSenderOnly),
                        new Check("disconnect cleanly (close 1000 acknowledged)", checks::disconnectCleanly));
                if (checks.connected()) {
                    rest.forEach(this::report);
                } else {
                    out.println("SKIP the other " + rest.size() + " checks: they need connected clients");
                }
            } finally {
                checks.abortAll();
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? PASSED : FAILED;
    }

    private void report(Check check) {
        long start = System.nanoTime();
        Outcome outcome;
        try {
            outcome = check.run().call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.fail("the check to finish", "interrupted");
        } catch (Exception e) {
            outcome = Outcome.fail("the check to run", Outcome.describe(e));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (outcome.passed()) {
            passed++;
            out.printf("PASS %s  %d ms%n", check.name(), millis);
        } else {
            failed++;
            out.printf("FAIL %s  %d ms: %s%n", check.name(), millis, outcome.detail());
        }
        out.flush();
    }
}
