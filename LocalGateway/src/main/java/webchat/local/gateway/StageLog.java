package webchat.local.gateway;

import java.time.Duration;
import java.time.Instant;

/** The stage's console: one line per event, with the connection id, the outcome and the milliseconds it took. */
final class StageLog {

    private final GatewayConfig config;

    StageLog(GatewayConfig config) {
        this.config = config;
    }

    void event(String kind, Connection connection, String what, String result, Instant started) {
        event(kind, connection.id(), what, result, started);
    }

    void event(String kind, String connectionId, String what, String result, Instant started) {
        var millis = Duration.between(started, config.clock().instant()).toMillis();
        config.console().accept("%-10s %s %s -> %s (%d ms)".formatted(kind, connectionId, what, result,
                Math.max(0, millis)));
    }

    void line(String text) {
        config.console().accept(text);
    }

    void unexpected(Throwable failure) {
        config.console().accept("gateway error: " + failure);
    }
}
