package webchat.sendmessage;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The second part of priming: broadcasts to many recipients of the loopback stand-in until the JIT has compiled the
 * post path, so that a restored environment posts with compiled code from its first broadcast.
 *
 * <p>Why: a SnapStart function runs with the JVM's default tiered compilation (C2). Measured (bench/results/RESULTS.md
 * section 1d): once C2 has compiled the SDK's request pipeline, SigV4, HttpsURLConnection and the TLS records, a post
 * costs about 0.16-0.18 ms of CPU against a stand-in; before, 0.4-0.8 ms, and getting there keeps a compiler thread
 * busy for some 20-35 s of CPU during the first tens of thousands of posts. Without this warm-up every restored
 * environment would pay that during its first large broadcasts; with it, it is paid once per published version and
 * the snapshot holds the compiled code. The stand-in answers like @connections (200, a request id, no body) and lists
 * recipients whose ids are shaped like API Gateway's, so that the profile the JIT compiles from holds what real posts
 * do (a branch never taken while warming up is compiled as a trap, and taking it later costs a recompilation).
 *
 * <p>It stops when the JIT compiled for less than a fifth of the time over a window of at least {@link #WINDOW_MS} ms
 * of invocations (measured: C2 keeps one compiler thread busy all the time for the first ~35 s on two cores, then
 * falls to under a tenth as only methods run once per invocation are left), or when the budget is spent, whichever
 * comes first.
 */
final class BroadcastWarmUp {

    /** Recipients per warm-up invocation: the stand-in's Scan lists this many connections. */
    static final int RECIPIENTS = 500;
    /** Posts in flight: the production default, so the same worker-thread code runs. */
    static final int CONCURRENCY = SendMessageHandler.DEFAULT_BROADCAST_CONCURRENCY;
    static final long WINDOW_MS = 2_000;

    /** What a warm-up did, for the init log. */
    record Result(int invocations, long posts, long elapsedMs, long compilingMs, boolean settled) {
        @Override
        public String toString() {
            return "broadcast warm-up: " + invocations + " invocations, " + posts
                    + " posts to the loopback stand-in in "
                    + elapsedMs + " ms; the JIT compiled for " + compilingMs + " ms and "
                    + (settled ? "has settled" : "was still compiling when the budget ran out");
        }
    }

    private BroadcastWarmUp() {
    }

    static Result run(Duration budget) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean measurable = jit != null && jit.isCompilationTimeMonitoringSupported();
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        long compilingAtStart = measurable ? jit.getTotalCompilationTime() : 0;
        int invocations = 0;
        long windowMs = 0;
        long windowCompilingMs = 0;
        boolean settled = false;
        try (OfflineAws aws = OfflineAws.start(RECIPIENTS, false);
                PrimingHandler handler = PrimingHandler.create(aws, CONCURRENCY)) {
            while (!settled && System.nanoTime() < deadline) {
                long compiling = measurable ? jit.getTotalCompilationTime() : 0;
                long invocationStarted = System.nanoTime();
                handler.invoke("priming-broadcast-" + invocations++);
                windowMs += (System.nanoTime() - invocationStarted) / 1_000_000;
                windowCompilingMs += measurable ? jit.getTotalCompilationTime() - compiling : 0;
                if (windowMs >= WINDOW_MS) {
                    // Without a compilation clock the warm-up simply runs for its whole budget.
                    settled = measurable && windowCompilingMs * 5 < windowMs;
                    windowMs = 0;
                    windowCompilingMs = 0;
                }
            }
            return new Result(invocations, aws.posts(), (System.nanoTime() - started) / 1_000_000,
                    measurable ? jit.getTotalCompilationTime() - compilingAtStart : -1, settled);
        }
    }
}
