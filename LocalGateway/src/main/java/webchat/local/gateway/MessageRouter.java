package webchat.local.gateway;

import java.time.Instant;
import webchat.local.template.WebSocketApi;

/**
 * Routes one message to its route's integration and answers the client as API Gateway does: the route response when
 * the route returns one, else "Forbidden" (no route) or "Internal server error" (the integration failed).
 */
final class MessageRouter {

    private final WebSocketApi api;
    private final Events events;
    private final RouteIntegration integration;
    private final GatewayConfig config;
    private final StageLog log;

    MessageRouter(WebSocketApi api, Events events, RouteIntegration integration, GatewayConfig config, StageLog log) {
        this.api = api;
        this.events = events;
        this.integration = integration;
        this.config = config;
        this.log = log;
    }

    void route(Connection connection, String message, Instant arrived) {
        var request = integration.request(arrived, config.ids().next());
        var selected = RouteSelection.select(api.routeSelectionExpression(), message, api.routes().keySet());
        if (selected.isEmpty()) {
            connection.send(gatewayMessage("Forbidden", connection, request));
            log.event("MESSAGE", connection, "(no route)", "Forbidden", arrived);
            return;
        }
        var route = api.routes().get(selected.get());
        var invocation = integration.invoke(route, events.message(connection.info(), request, route.routeKey(),
                message));
        if (!invocation.succeeded()) {
            connection.send(gatewayMessage("Internal server error", connection, request));
            log.event("MESSAGE", connection, route.routeKey(),
                    "Internal server error" + ProxyResponse.outcomeNote(invocation), arrived);
            return;
        }
        if (route.returnsResponse()) {
            ProxyResponse.body(invocation.payload()).ifPresent(connection::send);
        }
        log.event("MESSAGE", connection, route.routeKey(), ProxyResponse.result(invocation), arrived);
    }

    private static String gatewayMessage(String message, Connection connection, Events.Request request) {
        return "{\"message\": \"" + message + "\", \"connectionId\":\"" + connection.id() + "\", \"requestId\":\""
                + request.requestId() + "\"}";
    }
}
