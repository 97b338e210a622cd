package webchat.local.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The gateway's connections by id, from the start of $connect until the socket closes. */
final class ConnectionRegistry {

    private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CountDownLatch> unfinished = new ConcurrentHashMap<>();

    void connecting(Connection connection) {
        unfinished.put(connection.id(), new CountDownLatch(1));
        connections.put(connection.id(), connection);
    }

    /** The connection once $connect accepted it: ids in $connect and closed ids are gone for @connections. */
    Optional<Connection> open(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId)).filter(Connection::reachable);
    }

    Set<String> openIds() {
        return connections.values().stream()
                .filter(Connection::reachable)
                .map(Connection::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    Set<Connection> all() {
        return Set.copyOf(connections.values());
    }

    void remove(String connectionId) {
        connections.remove(connectionId);
    }

    /** The connection is gone and its $disconnect (if any) has finished. */
    void finished(String connectionId) {
        connections.remove(connectionId);
        var latch = unfinished.remove(connectionId);
        if (latch != null) {
            latch.countDown();
        }
    }

    boolean awaitFinished(String connectionId, Duration timeout) throws InterruptedException {
        var latch = unfinished.get(connectionId);
        return latch == null || latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
