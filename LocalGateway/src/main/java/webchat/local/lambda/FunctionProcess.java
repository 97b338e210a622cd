package webchat.local.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * An execution environment's JVM as a process: its output echoed line by line to the console, a graceful stop
 * (SIGTERM, then a kill after the grace) and a kill at once of the JVM and everything it started.
 */
final class FunctionProcess {

    /** How long a killed JVM may take to be reaped. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(1);

    private final Process process;
    private final Consumer<String> console;
    private volatile CompletableFuture<Void> ended;
    private volatile boolean killed;
    private volatile List<ProcessHandle> startedByTheJvm = List.of();

    private FunctionProcess(Process process, Consumer<String> console) {
        this.process = process;
        this.console = console;
    }

    /** Starts the JVM; {@code onExit} runs once it has ended, however it ended. */
    static FunctionProcess start(ProcessBuilder builder, String name, Consumer<String> console,
            Consumer<FunctionProcess> onExit) throws IOException {
        FunctionProcess started = new FunctionProcess(builder.redirectErrorStream(true).start(), console);
        started.echoOutput(name);
        started.ended = started.process.onExit().thenAccept(exited -> onExit.accept(started));
        return started;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** True when the JVM was killed rather than asked to stop (it wrote nothing on its way out). */
    boolean killed() {
        return killed;
    }

    Integer maxUsedMb() {
        return ProcessMemory.maxUsedMb(process);
    }

    /** Kills the JVM and everything it started at once. */
    void kill() {
        killed = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** SIGTERM, so the JVM exits normally (and writes its class data archive when it needs a new one). */
    void requestStop() {
        startedByTheJvm = process.descendants().toList();
        process.destroy();
    }

    /** Waits for a stop asked by {@link #requestStop} until the deadline, then kills what still runs. */
    void finishStop(long deadlineNanos, Duration grace) {
        try {
            ended.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillRunning) {
            console.accept("The execution environment (pid " + process.pid() + ") did not stop within "
                    + grace.toSeconds() + " s; killing it");
            kill();
            awaitEnded(KILL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            console.accept("Stopping the execution environment failed: " + e.getCause());
        }
        startedByTheJvm.forEach(ProcessHandle::destroyForcibly);
    }

    private void awaitEnded(Duration wait) {
        try {
            ended.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            console.accept("The execution environment (pid " + process.pid() + ") has not ended after it was "
                    + "killed: " + e);
        }
    }

    private void echoOutput(String name) {
        Thread.ofPlatform().daemon().name(name + "-output-" + process.pid()).start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(console);
            } catch (IOException | UncheckedIOException e) {
                console.accept("Lost the function's output: " + e.getMessage());
            }
        });
    }
}
