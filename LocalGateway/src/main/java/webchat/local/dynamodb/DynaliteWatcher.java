package webchat.local.dynamodb;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Watches the dynalite the gateway started. When its process ends without being stopped, one console line says so;
 * dynalite is started again on the same port (the function JVMs keep a valid endpoint), and then {@code restored}
 * runs: the caller creates the tables again and closes what depended on the lost data.
 */
public final class DynaliteWatcher implements AutoCloseable {

    private static final int ATTEMPTS = 3;
    private static final Duration BETWEEN_ATTEMPTS = Duration.ofSeconds(1);

    /** What to do once dynalite listens again. */
    public interface Restored {
        void run() throws Exception;
    }

    private final Dynalite dynalite;
    private final Consumer<String> console;
    private final Restored restored;
    private volatile boolean stopped;

    private DynaliteWatcher(Dynalite dynalite, Consumer<String> console, Restored restored) {
        this.dynalite = dynalite;
        this.console = console;
        this.restored = restored;
    }

    /** Starts watching; {@code restored} runs after each successful restart. */
    public static DynaliteWatcher watch(Dynalite dynalite, Consumer<String> console, Restored restored) {
        DynaliteWatcher watcher = new DynaliteWatcher(dynalite, console, restored);
        watcher.watchCurrentProcess();
        return watcher;
    }

    private void watchCurrentProcess() {
        long pid = dynalite.pid();
        dynalite.onExit().thenAccept(exitCode -> {
            if (!stopped && !dynalite.isClosed()) {
                Thread.ofVirtual().name("dynalite-restart").start(() -> restart(pid, exitCode));
            }
        });
    }

    private void restart(long pid, int exitCode) {
        console.accept("webchat: DynamoDB (dynalite, pid " + pid + ") exited unexpectedly with code " + exitCode
                + "; starting it again on " + dynalite.endpoint() + " (its in-memory tables are lost)");
        for (int attempt = 1; attempt <= ATTEMPTS && !stopped; attempt++) {
            try {
                dynalite.restart();
                restored.run();
                watchCurrentProcess();
                return;
            } catch (Exception failed) {
                console.accept("webchat: could not start DynamoDB again (attempt " + attempt + " of " + ATTEMPTS
                        + "): " + failed.getMessage());
                sleep();
            }
        }
        if (!stopped) {
            console.accept("webchat: DynamoDB stays down: every connect and message will fail; stop webchat "
                    + "(Ctrl-C) and start it again");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(BETWEEN_ATTEMPTS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops watching: an exit from now on (the gateway stopping) is expected. */
    @Override
    public void close() {
        stopped = true;
    }
}
