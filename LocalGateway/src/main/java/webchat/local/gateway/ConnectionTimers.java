package webchat.local.gateway;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A connection's clocks: a deadline for its upgrade after $connect accepts it, then, once open, the idle timeout and
 * the maximum duration, after which it is closed with 1001 "Going away".
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html">API Gateway quotas</a>
 */
final class ConnectionTimers {

    /** How long an upgrade may take to complete after $connect accepted it before the client counts as gone. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    /** The same while the stage shuts down, so that shutdown does not wait on a client that left during $connect. */
    private static final Duration HANDSHAKE_TIMEOUT_CLOSING = Duration.ofMillis(500);

    private final ScheduledExecutorService timers;
    private final GatewayConfig config;
    private final DisconnectPath disconnects;

    ConnectionTimers(ScheduledExecutorService timers, GatewayConfig config, DisconnectPath disconnects) {
        this.timers = timers;
        this.config = config;
        this.disconnects = disconnects;
    }

    /** Gives an accepted connection's upgrade a bounded time (see {@link DisconnectPath#handshakeFailed}). */
    void awaitUpgrade(Connection connection, boolean closing) {
        var timeout = closing ? HANDSHAKE_TIMEOUT_CLOSING : HANDSHAKE_TIMEOUT;
        timers.schedule(() -> disconnects.handshakeFailed(connection), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts an open connection's idle and duration clocks. */
    void start(Connection connection) {
        var limits = config.limits();
        var expiry = timers.schedule(() -> connection.close(ApiStage.GOING_AWAY, "Going away"),
                limits.maxConnectionDuration().toNanos(), TimeUnit.NANOSECONDS);
        connection.timers(null, expiry);
        scheduleIdleCheck(connection, limits.idleTimeout().toNanos());
    }

    private void scheduleIdleCheck(Connection connection, long delayNanos) {
        var limit = config.limits().idleTimeout().toNanos();
        var check = timers.schedule(() -> {
            if (!connection.reachable()) {
                return;
            }
            var idle = connection.idleNanos();
            if (idle >= limit) {
                connection.close(ApiStage.GOING_AWAY, "Going away");
            } else {
                scheduleIdleCheck(connection, limit - idle);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
        connection.timers(check, null);
    }
}
