package webchat.local.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import webchat.local.build.FunctionPackage;
import webchat.local.lambda.Invocation.Outcome;
import webchat.local.template.LambdaFunction;

/**
 * Runs the template's functions the way the Lambda service does: each execution environment is a JVM running the
 * official runtime interface client against its own Runtime API server; warm environments are reused, overlapping
 * invocations get more of them up to a limit, timeouts kill the JVM, and each invocation prints Lambda's
 * START/END/REPORT lines. Thread-safe.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Using the Lambda runtime API</a>
 */
public final class FunctionPool implements FunctionInvoker, AutoCloseable {

    private static final String ACCOUNT_ID = "123456789012";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final Map<String, LambdaFunction> functions;
    private final LambdaConfig config;
    private final Map<String, String> hostEnvironment;
    private final Map<String, EnvironmentPool> pools = new ConcurrentHashMap<>();
    private final List<Consumer<InvocationReport>> listeners = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "function-pool-shutdown");
    private final Snapshots snapshots = new Snapshots((function, console) -> start(function, console, true));
    private RuntimeInterfaceClient client;
    private volatile boolean closed;

    /** @param functions the template's functions by logical id */
    public FunctionPool(Map<String, LambdaFunction> functions, LambdaConfig config) {
        this(functions, config, System.getenv());
    }

    FunctionPool(Map<String, LambdaFunction> functions, LambdaConfig config, Map<String, String> hostEnvironment) {
        this.functions = Map.copyOf(functions);
        this.config = config;
        this.hostEnvironment = Map.copyOf(hostEnvironment);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Calls the listener after every invocation that reached an execution environment, on the invoking thread. */
    public void addReportListener(Consumer<InvocationReport> listener) {
        listeners.add(listener);
    }

    /**
     * @throws IllegalArgumentException when the template has no such function
     */
    @Override
    public Invocation invoke(String functionLogicalId, String eventJson) {
        LambdaFunction function = functions.get(functionLogicalId);
        if (function == null) {
            throw new IllegalArgumentException("The template has no function " + functionLogicalId + "; it has "
                    + functions.keySet());
        }
        String requestId = UUID.randomUUID().toString();
        Consumer<String> console = consoleOf(function);
        if (function.runtime() == null || !function.runtime().startsWith("java")) {
            return failed(requestId, console, "Runtime " + function.runtime() + " is not supported locally: only Java "
                    + "functions built with Maven run here");
        }
        Path classes = FunctionPackage.of(function.codeUri()).classes();
        if (!Files.isDirectory(classes)) {
            return failed(requestId, console, classes + " is missing: build the function first (./webchat start "
                    + "builds it as sam build does, or `mvn -q package -DskipTests` in " + function.codeUri() + ")");
        }
        if (closed) {
            return failed(requestId, console, "The function pool is closed");
        }
        EnvironmentPool pool = pool(function, console);
        ExecutionEnvironment environment;
        try {
            environment = pool.acquire();
        } catch (EnvironmentPool.BusyException e) {
            return failed(requestId, console, "Too many concurrent invocations: " + e.getMessage());
        } catch (IOException e) {
            return failed(requestId, console, "Cannot start an execution environment: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(requestId, console, "Interrupted while waiting for an execution environment");
        }
        boolean restores = environment.snapStart() != null && !environment.snapStart().isRestored();
        try {
            ExecutionEnvironment.Result result = environment.invoke(requestId, eventJson, timeoutOf(function));
            report(function, console, result);
            return result.invocation();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            environment.close();
            return new Invocation(requestId, Outcome.CRASHED, "Interrupted while waiting for the function");
        } finally {
            pool.release(environment);
            if (restores && !closed) {
                snapshots.replace(function, console, pool);
            }
        }
    }

    /**
     * Publishes a version of every built SnapStart function, as deploying with AutoPublishAlias does: starts one
     * execution environment per function, all at once, and waits until each has run init and its beforeCheckpoint
     * hooks (the snapshot point), printing each one's INIT_REPORT. Their first invocations then restore instead of
     * starting a JVM. Functions without SnapStart keep their on-demand cold start.
     *
     * @return each SnapStart function's version, published or failed
     */
    public List<PublishedVersion> publishVersions() throws InterruptedException {
        List<PublishedVersion> versions = new CopyOnWriteArrayList<>();
        List<Thread> publishing = functions.values().stream()
                .filter(function -> function.snapStart()
                        && Files.isDirectory(function.codeUri().resolve("target").resolve("classes")))
                .map(function -> Thread.ofVirtual().start(() -> {
                    Consumer<String> console = consoleOf(function);
                    long started = System.nanoTime();
                    try {
                        ExecutionEnvironment environment = snapshots.publish(function, console);
                        versions.add(new PublishedVersion(function.logicalId(),
                                environment.snapStart().initDurationMs(), null));
                        pool(function, console).offer(environment);
                    } catch (IOException e) {
                        versions.add(new PublishedVersion(function.logicalId(),
                                (System.nanoTime() - started) / 1_000_000.0, e.getMessage()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }))
                .toList();
        for (Thread thread : publishing) {
            thread.join();
        }
        return List.copyOf(versions);
    }

    /**
     * Stops every function JVM, gracefully first (SIGTERM, so a JVM writes its function's class data archive when
     * it needs a new one), then kills what still runs after a few seconds and whatever the JVMs started; stops every
     * Runtime API server. Returns within about that time.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ExecutionEnvironment.stopAll(pools.values().stream().flatMap(pool -> pool.shutDown().stream()).toList(),
                ExecutionEnvironment.STOP_GRACE);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running this very method.
        }
        closeClient();
    }

    private EnvironmentPool pool(LambdaFunction function, Consumer<String> console) {
        return pools.computeIfAbsent(function.logicalId(), id -> new EnvironmentPool(
                () -> function.snapStart() ? coldOnRequestPath(function, console) : start(function, console, false),
                config.maxEnvironmentsPerFunction(), config.environmentWaitTimeout()));
    }

    /**
     * For an invocation of a SnapStart function that finds every environment busy and none restorable in reserve:
     * Lambda would restore another copy of the snapshot, which cannot be done here (each local "snapshot" is a
     * process that ran its own init and hooks). Running init and the beforeCheckpoint hooks on the request path
     * would make the request wait for priming (SendMessage's can take 45 s, over API Gateway's 29 s), so the
     * environment starts as an on-demand one instead: init while the request waits, no hooks, Init Duration in its
     * REPORT line, as a function without SnapStart would.
     */
    private ExecutionEnvironment coldOnRequestPath(LambdaFunction function, Consumer<String> console)
            throws IOException {
        // The console prefixes the function's name.
        console.accept("no restorable environment is ready; starting one on the request path without SnapStart "
                + "(init now, no runtime hooks), as an on-demand function starts");
        return start(function, console, false);
    }

    private ExecutionEnvironment start(LambdaFunction function, Consumer<String> console, boolean snapshot)
            throws IOException {
        String arn = "arn:aws:lambda:" + config.extraEnvironment().getOrDefault("AWS_REGION", "us-east-1") + ":"
                + ACCOUNT_ID + ":function:" + function.functionName();
        return ExecutionEnvironment.start(function, arn, client(), config, hostEnvironment, console, snapshot);
    }

    private synchronized RuntimeInterfaceClient client() throws IOException {
        if (closed) {
            throw new IOException("The function pool is closed");
        }
        if (client == null) {
            client = RuntimeInterfaceClient.extract(config);
        }
        return client;
    }

    private synchronized void closeClient() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                config.console().accept("Could not delete the extracted native library: " + e.getMessage());
            }
        }
    }

    private Duration timeoutOf(LambdaFunction function) {
        if (config.timeoutOverride() != null) {
            return config.timeoutOverride();
        }
        return function.timeoutSeconds() > 0 ? Duration.ofSeconds(function.timeoutSeconds()) : DEFAULT_TIMEOUT;
    }

    private void report(LambdaFunction function, Consumer<String> console, ExecutionEnvironment.Result result) {
        InvocationReport report = new InvocationReport(function.logicalId(), result.invocation().requestId(),
                result.durationMs(), result.initDurationMs(), result.maxMemoryMb(), result.invocation().outcome(),
                result.restoreDurationMs());
        console.accept(ReportLines.end(report.requestId()));
        console.accept(ReportLines.report(report, function.memoryMb()));
        listeners.forEach(listener -> listener.accept(report));
    }

    private Consumer<String> consoleOf(LambdaFunction function) {
        String prefix = "[" + function.logicalId() + "] ";
        return line -> config.console().accept(prefix + line);
    }

    private static Invocation failed(String requestId, Consumer<String> console, String message) {
        console.accept(message);
        return new Invocation(requestId, Outcome.CRASHED, message);
    }
}
