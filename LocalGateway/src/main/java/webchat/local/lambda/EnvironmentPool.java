package webchat.local.lambda;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One function's execution environments: reuses an idle warm one (the most recently used first), starts a new one
 * while fewer than the limit exist, otherwise waits a bounded time for one to be released.
 */
final class EnvironmentPool implements AutoCloseable {

    /** Starts a new execution environment. */
    interface Starter {
        ExecutionEnvironment start() throws IOException;
    }

    /** Thrown when every environment stayed busy for the whole wait. */
    static final class BusyException extends Exception {
        BusyException(String message) {
            super(message);
        }
    }

    private final Starter starter;
    private final int limit;
    private final Duration maxWait;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final Set<ExecutionEnvironment> all = new HashSet<>();
    private int starting;
    private boolean closed;

    EnvironmentPool(Starter starter, int limit, Duration maxWait) {
        this.starter = starter;
        this.limit = limit;
        this.maxWait = maxWait;
    }

    /** A warm idle environment, or a new one; the caller must {@link #release} it. */
    ExecutionEnvironment acquire() throws IOException, InterruptedException, BusyException {
        long waitNanos = maxWait.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new IOException("The function pool is closed");
                }
                ExecutionEnvironment warm = takeUsableIdle();
                if (warm != null) {
                    return warm;
                }
                if (all.size() + starting < limit) {
                    starting++;
                    break;
                }
                if (waitNanos <= 0) {
                    throw new BusyException("All " + limit + " execution environments stayed busy for "
                            + maxWait.toMillis() + " ms");
                }
                waitNanos = released.awaitNanos(waitNanos);
            }
        } finally {
            lock.unlock();
        }
        return startNew();
    }

    /**
     * Returns the environment for reuse, or discards it when it timed out, crashed or failed to initialise. Once the
     * pool is closed, whoever closed it stops the environment.
     */
    void release(ExecutionEnvironment environment) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (environment.usable()) {
                idle.push(environment);
            } else {
                all.remove(environment);
                environment.close();
            }
            released.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds an environment started outside {@link #acquire} (a SnapStart environment waiting at its snapshot point)
     * behind the idle warm ones, so warm environments are reused first. Closes it instead when the pool is closed or
     * full.
     *
     * @return whether the pool took it
     */
    boolean offer(ExecutionEnvironment environment) {
        lock.lock();
        try {
            if (closed || all.size() + starting >= limit) {
                environment.close();
                return false;
            }
            all.add(environment);
            idle.addLast(environment);
            released.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether one more environment may exist: never once the pool is closed. */
    boolean hasRoom() {
        lock.lock();
        try {
            return !closed && all.size() + starting < limit;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** How many environments exist or are starting. */
    int size() {
        lock.lock();
        try {
            return all.size() + starting;
        } finally {
            lock.unlock();
        }
    }

    /** Stops every environment gracefully, as {@link ExecutionEnvironment#stopAll} does. */
    @Override
    public void close() {
        ExecutionEnvironment.stopAll(shutDown(), ExecutionEnvironment.STOP_GRACE);
    }

    /**
     * Refuses further acquisitions and hands over every environment (idle or busy) for the caller to stop; an
     * environment still starting is killed when its start returns.
     */
    List<ExecutionEnvironment> shutDown() {
        lock.lock();
        try {
            closed = true;
            List<ExecutionEnvironment> environments = new ArrayList<>(all);
            all.clear();
            idle.clear();
            released.signalAll();
            return environments;
        } finally {
            lock.unlock();
        }
    }

    private ExecutionEnvironment takeUsableIdle() {
        while (!idle.isEmpty()) {
            ExecutionEnvironment environment = idle.pop();
            if (environment.usable()) {
                return environment;
            }
            all.remove(environment);
            environment.close();
        }
        return null;
    }

    private ExecutionEnvironment startNew() throws IOException {
        ExecutionEnvironment environment = null;
        try {
            environment = starter.start();
            return environment;
        } finally {
            lock.lock();
            try {
                starting--;
                if (environment == null) {
                    released.signal();
                } else if (closed) {
                    environment.close();
                } else {
                    all.add(environment);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
