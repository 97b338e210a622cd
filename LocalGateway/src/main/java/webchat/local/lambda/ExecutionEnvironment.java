package webchat.local.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import webchat.local.lambda.Invocation.Outcome;
import webchat.local.lambda.RuntimeApiServer.Delivery;
import webchat.local.template.LambdaFunction;

/**
 * One Lambda execution environment: a function JVM running the runtime interface client, and the Runtime API server
 * it polls. Runs one invocation at a time; once it times out, crashes or fails to initialise it is never used again.
 * A SnapStart function's environment is initialised ahead and restored on its first use ({@link SnapStart}).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html">Lambda execution environment lifecycle</a>
 */
final class ExecutionEnvironment implements RuntimeApiServer.Runtime, AutoCloseable {

    /** Lambda's limit on the Init phase of an on-demand environment. */
    static final Duration INIT_LIMIT = Duration.ofSeconds(10);
    /**
     * How long a JVM asked to stop may take before it is killed: enough to write a class data archive even when every
     * environment writes one at once on 2 cores (3 s was measured too short for six); a JVM with nothing to write
     * stops in well under a second.
     */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How often a waiting invocation checks whether the runtime took its event (which moves its deadline). */
    private static final Duration UNDELIVERED_SLICE = Duration.ofMillis(50);

    /**
     * What one invocation produced, with the timings its REPORT line shows: Init Duration on an on-demand cold
     * start, Restore Duration on a SnapStart environment's first use, else neither.
     */
    record Result(Invocation invocation, double durationMs, Double initDurationMs, Double restoreDurationMs,
            Integer maxMemoryMb) {}

    private final LambdaFunction function;
    private final String functionArn;
    private final Consumer<String> console;
    private final SharedArchive archive;
    private final SnapStart snapStart;
    private final BlockingQueue<PendingInvocation> ready = new LinkedBlockingQueue<>();
    private final long startedNanos = System.nanoTime();
    private volatile long firstNextNanos = -1;
    private volatile PendingInvocation inFlight;
    private volatile boolean closed;
    private volatile RuntimeApiServer server;
    private volatile FunctionProcess process;
    private boolean initReported;

    private ExecutionEnvironment(LambdaFunction function, String functionArn, Consumer<String> console,
            SharedArchive archive, boolean snapshot) {
        this.function = function;
        this.functionArn = functionArn;
        this.console = console;
        this.archive = archive;
        this.snapStart = snapshot ? new SnapStart() : null;
        // A SnapStart environment's Init Duration goes to its INIT_REPORT at publish time, never to a REPORT line.
        this.initReported = snapshot;
    }

    /**
     * Starts the Runtime API server and the function JVM. An on-demand JVM initialises while the first invocation
     * waits; with {@code snapshot} it initialises at once and waits at the snapshot point ({@link #snapStart()}).
     */
    static ExecutionEnvironment start(LambdaFunction function, String functionArn, RuntimeInterfaceClient client,
            LambdaConfig config, Map<String, String> hostEnvironment, Consumer<String> console, boolean snapshot)
            throws IOException {
        client.checkClassPath(function);
        Path taskRoot = function.codeUri().resolve("target").resolve("classes");
        Path classes = taskRoot;
        SharedArchive archive = null;
        try {
            classes = ClassesJar.of(function.codeUri()).orElse(taskRoot);
            if (SharedArchive.wanted(config.extraJvmOptions())) {
                archive = SharedArchive.forNewEnvironment(ClassesJar.workDir(function.codeUri()), config.javaHome(),
                        client.classPath(function, classes), console);
            }
        } catch (IOException e) {
            console.accept("Starting without a class data archive (cold starts take longer): " + e);
        }
        ExecutionEnvironment environment = new ExecutionEnvironment(function, functionArn, console, archive, snapshot);
        environment.server = RuntimeApiServer.start(environment, environment.snapStart);
        ProcessBuilder builder = new ProcessBuilder(client.command(function, client.classPath(function, classes),
                archive == null ? List.of() : archive.jvmOptions()))
                .directory(taskRoot.toFile());
        builder.environment().clear();
        builder.environment().putAll(FunctionVariables.of(function, config, hostEnvironment, taskRoot,
                environment.server.address(), snapshot));
        try {
            environment.process = FunctionProcess.start(builder, function.logicalId(), console, environment::exited);
            if (!snapshot) {
                CpuCap.applyIfAsked(environment.process.pid(), function.memoryMb(), console);
            }
        } catch (IOException e) {
            environment.server.close();
            if (archive != null) {
                archive.environmentEnded(false);
            }
            throw e;
        }
        return environment;
    }

    /**
     * Stops the environments as the Lambda service shuts one down: SIGTERM first, so each JVM exits normally (and
     * writes its class data archive when it needs a new one); whatever still runs after {@code grace}, and everything
     * the JVMs started, is killed. Returns within about {@code grace} plus a second.
     */
    static void stopAll(Collection<ExecutionEnvironment> environments, Duration grace) {
        environments.forEach(environment -> {
            environment.closed = true;
            environment.process.requestStop();
        });
        long deadline = System.nanoTime() + grace.toNanos();
        environments.forEach(environment -> {
            environment.process.finishStop(deadline, grace);
            environment.close();
        });
    }

    /** SnapStart's lifecycle of this environment, or null for an on-demand function. */
    SnapStart snapStart() {
        return snapStart;
    }

    long pid() {
        return process.pid();
    }

    /** True while the JVM runs and has never timed out, crashed or failed to initialise. */
    boolean usable() {
        return !closed && process.isAlive();
    }

    /**
     * Hands the event to {@code /next}, then waits for its response, an error, a crash or the timeout. A SnapStart
     * environment's first invocation restores it first; a failed restore fails the invocation and the environment.
     */
    Result invoke(String requestId, String eventJson, Duration timeout) throws InterruptedException {
        Double restoreDurationMs = null;
        if (snapStart != null && !snapStart.isRestored()) {
            // The CPU share applies from the restore on: a published version's Init phase runs on Lambda's side, off
            // the request path, with CPU Lambda does not document (measured by others as unthrottled).
            CpuCap.applyIfAsked(process.pid(), function.memoryMb(), console);
            SnapStart.Restored restored = snapStart.restore();
            if (restored instanceof SnapStart.Restored.Failed failed) {
                console.accept(failed.logLine());
                Integer maxMemoryMb = process.maxUsedMb();
                close();
                return new Result(new Invocation(requestId, Outcome.FUNCTION_ERROR, failed.errorJson()), 0, null,
                        failed.restoreDurationMs(), maxMemoryMb);
            }
            restoreDurationMs = ((SnapStart.Restored.Done) restored).restoreDurationMs();
        }
        PendingInvocation pending = new PendingInvocation(requestId, eventJson.getBytes(StandardCharsets.UTF_8),
                timeout, INIT_LIMIT);
        inFlight = pending;
        if (!usable()) {
            pending.result.complete(crashed(requestId));
        }
        ready.add(pending);
        Invocation invocation = await(pending);
        inFlight = null;
        Double initDurationMs = null;
        if (!initReported) {
            initReported = true;
            initDurationMs = snapStart != null ? snapStart.initDurationMs()
                    : millis((firstNextNanos > 0 ? firstNextNanos : System.nanoTime()) - startedNanos);
        }
        Integer maxMemoryMb = pending.maxMemoryMb != null ? pending.maxMemoryMb : process.maxUsedMb();
        return new Result(invocation, pending.durationMs(), initDurationMs, restoreDurationMs, maxMemoryMb);
    }

    /**
     * Kills the JVM and everything it started at once (a timeout, a crash, an interrupted invocation), and stops the
     * Runtime API server. Safe to call more than once.
     */
    @Override
    public void close() {
        closed = true;
        if (process != null && process.isAlive()) {
            process.kill();
        }
        server.close();
    }

    @Override
    public Delivery next() throws InterruptedException {
        if (firstNextNanos < 0) {
            firstNextNanos = System.nanoTime();
        }
        if (snapStart != null) {
            snapStart.runtimeReady();
        }
        PendingInvocation pending = ready.take();
        pending.deliver();
        console.accept("START RequestId: " + pending.requestId + " Version: " + SnapStart.version(function));
        return new Delivery(pending.requestId, pending.event, System.currentTimeMillis() + pending.timeout.toMillis(),
                functionArn, PendingInvocation.traceId());
    }

    @Override
    public boolean response(String requestId, byte[] body) {
        return finish(requestId, Outcome.SUCCESS, body);
    }

    @Override
    public boolean error(String requestId, byte[] body, String errorType) {
        return finish(requestId, Outcome.FUNCTION_ERROR, body);
    }

    @Override
    public void initError(byte[] body, String errorType) {
        closed = true;
        if (snapStart != null) {
            snapStart.initFailed(body, errorType);
        }
        PendingInvocation pending = inFlight;
        if (pending != null) {
            pending.finished = System.nanoTime();
            pending.result.complete(new Invocation(pending.requestId, Outcome.FUNCTION_ERROR,
                    new String(body, StandardCharsets.UTF_8)));
        }
    }

    private boolean finish(String requestId, Outcome outcome, byte[] body) {
        PendingInvocation pending = inFlight;
        if (pending == null || !pending.requestId.equals(requestId)) {
            return false;
        }
        pending.finished = System.nanoTime();
        pending.result.complete(new Invocation(requestId, outcome, new String(body, StandardCharsets.UTF_8)));
        return true;
    }

    /**
     * Waits for the outcome until the deadline. Until the runtime takes the event the deadline is the init limit's;
     * delivery moves it closer, so the wait is cut into short slices until then.
     */
    private Invocation await(PendingInvocation pending) throws InterruptedException {
        while (true) {
            long remaining = Math.max(0, pending.deadline - System.nanoTime());
            try {
                return pending.result.get(pending.delivered < 0 ? Math.min(remaining, UNDELIVERED_SLICE.toNanos())
                        : remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - pending.deadline >= 0) {
                    timeOut(pending);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("Invocations are never completed exceptionally", e);
            }
        }
    }

    private void timeOut(PendingInvocation pending) {
        String message = pending.delivered < 0
                ? "Init did not finish within " + INIT_LIMIT.toSeconds() + " seconds"
                : String.format(Locale.ROOT, "Task timed out after %.2f seconds", pending.timeout.toMillis() / 1000.0);
        pending.maxMemoryMb = process.maxUsedMb();
        if (pending.result.complete(new Invocation(pending.requestId, Outcome.TIMEOUT, message))) {
            console.accept(pending.requestId + " " + message);
            close();
        }
    }

    private void exited(FunctionProcess exited) {
        PendingInvocation pending = inFlight;
        boolean wasClosed = closed;
        closed = true;
        if (pending != null && !pending.result.isDone()) {
            console.accept("RequestId: " + pending.requestId + " Error: Runtime exited with error: exit status "
                    + exited.exitValue());
            console.accept("Runtime.ExitError");
            pending.result.complete(crashed(pending.requestId));
        } else if (!wasClosed) {
            console.accept("The execution environment (pid " + exited.pid() + ") exited with status "
                    + exited.exitValue() + "; the next invocation starts a new one");
        }
        if (snapStart != null) {
            snapStart.ended("Runtime exited with error: exit status " + exited.exitValue());
        }
        server.close();
        if (archive != null) {
            archive.environmentEnded(!exited.killed());
        }
    }

    private Invocation crashed(String requestId) {
        String status = process.isAlive() ? "the environment is shut down" : "exit status " + process.exitValue();
        return new Invocation(requestId, Outcome.CRASHED, "Runtime exited with error: " + status
                + " (Runtime.ExitError)");
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
