package webchat.local.lambda;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import webchat.local.template.LambdaFunction;

/**
 * The published SnapStart versions of the functions, as environments waiting at their snapshot point: publishing
 * one (init and beforeCheckpoint, reported in an INIT_REPORT line), and keeping one in reserve per function, replaced
 * in the background each time one is restored, so that scaling out restores instead of starting a JVM on the request
 * path, as Lambda resumes each new environment from its cached snapshot.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html">Lambda SnapStart</a>
 */
final class Snapshots {

    /** Starts a new execution environment of a function. */
    interface Starter {
        ExecutionEnvironment start(LambdaFunction function, Consumer<String> console) throws IOException;
    }

    /**
     * How long after a restore the replacement starts: a first invocation is usually followed by more (a connect by
     * a first message), and on a small machine a JVM running init and priming beside them would slow them down.
     */
    static final Duration REPLACE_DELAY = Duration.ofSeconds(5);

    private final Starter starter;
    private final Set<String> replacing = ConcurrentHashMap.newKeySet();

    Snapshots(Starter starter) {
        this.starter = starter;
    }

    /**
     * Starts an environment of a SnapStart function and waits for its snapshot point.
     *
     * @throws IOException when init or a beforeCheckpoint hook failed: Lambda then fails to publish the version
     */
    ExecutionEnvironment publish(LambdaFunction function, Consumer<String> console)
            throws IOException, InterruptedException {
        ExecutionEnvironment environment = starter.start(function, console);
        SnapStart.Checkpoint checkpoint = environment.snapStart().awaitCheckpoint(SnapStart.publishLimit(function));
        console.accept(ReportLines.initReport(checkpoint.initDurationMs(), checkpoint.errorType()));
        if (!checkpoint.taken()) {
            environment.close();
            throw new IOException("publishing version " + SnapStart.PUBLISHED_VERSION + " failed: init or a "
                    + "beforeCheckpoint hook failed (" + checkpoint.errorType() + "): " + checkpoint.errorJson());
        }
        return environment;
    }

    /**
     * Prepares a new environment in reserve in the background after {@link #REPLACE_DELAY}, unless one is under way
     * or the pool is full by then.
     */
    void replace(LambdaFunction function, Consumer<String> console, EnvironmentPool pool) {
        if (!pool.hasRoom() || !replacing.add(function.logicalId())) {
            return;
        }
        Thread.ofVirtual().name(function.logicalId() + "-reserve").start(() -> {
            try {
                Thread.sleep(REPLACE_DELAY);
                if (pool.hasRoom()) {
                    pool.offer(publish(function, console));
                }
            } catch (IOException e) {
                // A pool closed while the reserve was starting (the gateway is stopping) is no failure worth a line.
                if (!pool.isClosed()) {
                    console.accept("Could not prepare an environment in reserve: " + e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                replacing.remove(function.logicalId());
            }
        });
    }
}
