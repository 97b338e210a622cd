package webchat.local.gateway;

import java.time.Instant;
import webchat.local.template.WebSocketApi;

/**
 * Ends a connection once: its id is gone at once, and its $disconnect runs after its earlier messages.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html">
 *     $connect and $disconnect routes</a>
 */
final class DisconnectPath {

    private final WebSocketApi api;
    private final Events events;
    private final RouteIntegration integration;
    private final ConnectionRegistry registry;
    private final GatewayConfig config;
    private final StageLog log;

    DisconnectPath(WebSocketApi api, Events events, RouteIntegration integration, ConnectionRegistry registry,
                   GatewayConfig config, StageLog log) {
        this.api = api;
        this.events = events;
        this.integration = integration;
        this.registry = registry;
        this.config = config;
        this.log = log;
    }

    /** The socket is closed (by anyone, cleanly or not): the id is gone and $disconnect runs, once. */
    void closed(Connection connection, int statusCode, String reason) {
        if (!connection.closed()) {
            return;
        }
        connection.cancelTimers();
        registry.remove(connection.id());
        var close = connection.gatewayClose() != null
                ? connection.gatewayClose()
                : new Connection.Close(statusCode, DisconnectReasons.describe(statusCode, reason));
        var now = config.clock().instant();
        connection.inbox().execute(() -> {
            try {
                disconnect(connection, close, now);
            } finally {
                registry.finished(connection.id());
            }
        });
    }

    /**
     * $connect accepted the connection but the WebSocket upgrade did not complete in time (the client reset its TCP
     * connection during $connect, or vanished): no socket will ever report a close, so the gateway runs the
     * $disconnect itself, with 1006 as API Gateway reports a connection lost without a close frame.
     */
    void handshakeFailed(Connection connection) {
        // No state test: a connection closed by the gateway (DELETE, outbox overflow) before its upgrade completed is
        // CLOSED already, and still needs its $disconnect. handshakeFailed() succeeds only when no session arrived.
        if (connection.handshakeFailed()) {
            log.line("HANDSHAKE  " + connection.id() + " accepted by $connect, but the upgrade did not"
                    + " complete (the client left during $connect)");
            closed(connection, ApiStage.ABNORMAL_CLOSURE, null);
        }
    }

    private void disconnect(Connection connection, Connection.Close close, Instant closedAt) {
        var route = api.routes().get("$disconnect");
        var closeText = close.statusCode() + " \"" + close.reason() + "\"";
        if (route == null || route.functionLogicalId() == null) {
            log.event("DISCONNECT", connection, closeText, "(no $disconnect integration)", closedAt);
            return;
        }
        var event = events.disconnect(connection.info(), integration.request(closedAt, null), close.statusCode(),
                close.reason());
        var invocation = integration.invoke(route, event);
        log.event("DISCONNECT", connection, closeText, ProxyResponse.result(invocation), closedAt);
    }
}
