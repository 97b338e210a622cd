package webchat.local.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import webchat.local.template.LambdaFunction;

/**
 * SnapStart's lifecycle for one execution environment of a function whose template sets
 * {@code SnapStart: ApplyOn: PublishedVersions}. The JVM starts with {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start};
 * the runtime interface client then runs init (the handler's constructor) and the {@code beforeCheckpoint} hooks,
 * and calls {@code GET /runtime/restore/next}: that call is the snapshot point, answered only when the environment is
 * first used ("restored"); the client then runs the {@code afterRestore} hooks (an error goes to
 * {@code POST /runtime/restore/error}) and asks for its first invocation.
 *
 * <p>What cannot be emulated: the snapshot itself. Lambda restores any number of fresh microVMs from one snapshot of
 * memory and disk; locally each environment is a process that ran its own init and waits, pre-initialized, at the
 * snapshot point. Restore Duration therefore shows only the after-restore hooks and the runtime's resumption, not
 * the loading of a snapshot, and state made unique after init (random seeds, connections) is unique locally even
 * when a function would wrongly share it on Lambda.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks.html">SnapStart runtime hooks</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/snapstart-troubleshooting.html">SnapStart errors</a>
 */
final class SnapStart implements RuntimeApiServer.Restore {

    static final String INITIALIZATION_TYPE = "snap-start";
    /** The version a SnapStart function's alias points at; on-demand functions run $LATEST. */
    static final String PUBLISHED_VERSION = "1";
    /** "If an after-restore runtime hook runs for longer than 10 seconds, the Restore phase times out." */
    static final Duration RESTORE_LIMIT = Duration.ofSeconds(10);
    /**
     * How long publishing waits for init and beforeCheckpoint. The Init phase's 10 s limit does not apply to SnapStart
     * functions: theirs is 130 s or the function's timeout (at most 900 s), whichever is higher (the note under "Init
     * phase" in https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
     */
    static Duration publishLimit(LambdaFunction function) {
        return Duration.ofSeconds(Math.max(130, function.timeoutSeconds()));
    }

    /** How the first use of a snapshotted environment went. */
    sealed interface Restored {
        /** afterRestore ran and the runtime asked for its first invocation. */
        record Done(double restoreDurationMs) implements Restored {}

        /** An afterRestore hook failed or ran too long: the invocation fails with this error. */
        record Failed(double restoreDurationMs, String errorJson, String logLine) implements Restored {}
    }

    /** How init and beforeCheckpoint went. */
    record Checkpoint(boolean taken, double initDurationMs, String errorType, String errorJson) {}

    private final long startedNanos = System.nanoTime();
    private final CompletableFuture<Checkpoint> checkpoint = new CompletableFuture<>();
    private final CountDownLatch restoreRequested = new CountDownLatch(1);
    private final CompletableFuture<Restored> restored = new CompletableFuture<>();
    private volatile long restoreStartedNanos = -1;

    static String version(LambdaFunction function) {
        return function.snapStart() ? PUBLISHED_VERSION : "$LATEST";
    }

    /** Called by the runtime after init and beforeCheckpoint: the snapshot point. Blocks until the first use. */
    @Override
    public void restoreNext() throws InterruptedException {
        checkpoint.complete(new Checkpoint(true, millisSince(startedNanos), null, null));
        restoreRequested.await();
    }

    @Override
    public void restoreError(byte[] body, String errorType) {
        restored.complete(new Restored.Failed(millisSince(restoreStartedNanos), snapStartException(),
                "Restore error: " + errorType + " " + new String(body, StandardCharsets.UTF_8)));
    }

    /** The runtime asked for an invocation: after a restore, that ends the Restore phase. */
    void runtimeReady() {
        if (restoreStartedNanos > 0) {
            restored.complete(new Restored.Done(millisSince(restoreStartedNanos)));
        }
    }

    /** Init or beforeCheckpoint failed (BadFunctionCode, Runtime.BeforeCheckpointError): no snapshot. */
    void initFailed(byte[] body, String errorType) {
        checkpoint.complete(new Checkpoint(false, millisSince(startedNanos), errorType,
                new String(body, StandardCharsets.UTF_8)));
    }

    /** The JVM ended: whatever phase was under way fails. */
    void ended(String why) {
        initFailed(("{\"errorMessage\":\"" + why + "\",\"errorType\":\"Runtime.ExitError\"}")
                .getBytes(StandardCharsets.UTF_8), "Runtime.ExitError");
        restored.complete(new Restored.Failed(restoreStartedNanos < 0 ? 0 : millisSince(restoreStartedNanos),
                snapStartException(), "Restore error: " + why));
    }

    /** Init Duration up to the snapshot point, once it was reached; else NaN. */
    double initDurationMs() {
        Checkpoint reached = checkpoint.getNow(null);
        return reached == null ? Double.NaN : reached.initDurationMs();
    }

    boolean isRestored() {
        return restoreStartedNanos > 0;
    }

    /** Waits for the snapshot point, as publishing a version does. */
    Checkpoint awaitCheckpoint(Duration limit) throws InterruptedException {
        try {
            return checkpoint.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new Checkpoint(false, millisSince(startedNanos), "Runtime.InitTimeout",
                    "{\"errorMessage\":\"Init did not finish within " + limit.toSeconds()
                            + " seconds\",\"errorType\":\"Runtime.InitTimeout\"}");
        } catch (ExecutionException e) {
            throw new IllegalStateException("The checkpoint is never completed exceptionally", e);
        }
    }

    /** Restores the environment on its first use: answers restore/next and waits for afterRestore to finish. */
    Restored restore() throws InterruptedException {
        restoreStartedNanos = System.nanoTime();
        restoreRequested.countDown();
        try {
            return restored.get(RESTORE_LIMIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // https://docs.aws.amazon.com/lambda/latest/dg/snapstart-troubleshooting.html#snapstart-invocation-failure
            return new Restored.Failed(millisSince(restoreStartedNanos),
                    "{\"errorMessage\":\"Lambda couldn't restore the snapshot within the timeout limit.\","
                            + "\"errorType\":\"SnapStartTimeoutException\"}",
                    "Restore error: afterRestore did not finish within " + RESTORE_LIMIT.toSeconds() + " seconds");
        } catch (ExecutionException e) {
            throw new IllegalStateException("The restore is never completed exceptionally", e);
        }
    }

    /** The Invoke API's error for a failed afterRestore hook. */
    private static String snapStartException() {
        // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors (SnapStartException)
        return "{\"errorMessage\":\"The afterRestore() runtime hook encountered an error. For more information, check "
                + "the Amazon CloudWatch logs.\",\"errorType\":\"SnapStartException\"}";
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000.0;
    }
}
