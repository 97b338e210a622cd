package webchat.local.gateway;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import webchat.local.template.Route;
import webchat.local.template.WebSocketApi;

/**
 * Runs a handshake through the $connect route: its Lambda authorizer, then $connect, then the check of the
 * subprotocol $connect chose.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html">
 *     $connect and $disconnect routes</a>
 */
final class ConnectPath {

    private final WebSocketApi api;
    private final Events events;
    private final String domainName;
    private final ConnectAuthorizer authorizer;
    private final RouteIntegration integration;
    private final ConnectionRegistry registry;
    private final DisconnectPath disconnects;
    private final GatewayConfig config;
    private final StageLog log;

    ConnectPath(WebSocketApi api, Events events, String domainName, ConnectAuthorizer authorizer,
                RouteIntegration integration, ConnectionRegistry registry, DisconnectPath disconnects,
                GatewayConfig config, StageLog log) {
        this.api = api;
        this.events = events;
        this.domainName = domainName;
        this.authorizer = authorizer;
        this.integration = integration;
        this.registry = registry;
        this.disconnects = disconnects;
        this.config = config;
        this.log = log;
    }

    /**
     * Runs the $connect route's authorizer, then $connect, for a handshake; the id is CONNECTING (posts answer 410)
     * until the upgrade completes. A $connect that fails answers 502; one that accepts with a subprotocol the client
     * did not offer is refused (500) and gets its $disconnect, as a client failing that handshake would cause on AWS.
     */
    ApiStage.ConnectResult connect(Handshake handshake, Function<ConnectionInfo, Connection> newConnection,
                                   Consumer<Connection> awaitUpgrade) {
        var now = config.clock().instant();
        var request = integration.request(now, null);
        var traceId = ConnectHeaders.traceId(now);
        var id = config.ids().next();
        var route = api.routes().get("$connect");
        var verdict = authorize(route, id, handshake, request, traceId, now);
        if (!verdict.allowed()) {
            return new ApiStage.ConnectResult(null, verdict.status(), Map.of());
        }
        var info = new ConnectionInfo(id, now, handshake.sourceIp(), handshake.userAgent(), verdict.context());
        var connection = newConnection.apply(info);
        registry.connecting(connection);
        if (route == null || route.functionLogicalId() == null) {
            connection.accepted();
            awaitUpgrade.accept(connection);
            log.event("CONNECT", connection, "$connect", "accepted (no $connect integration)", now);
            return new ApiStage.ConnectResult(connection, 200, Map.of());
        }
        var headers = ConnectHeaders.forIntegration(handshake.headers(), handshake.sourceIp(), domainName, traceId);
        var event = events.connect(info, request, headers, handshake.query(), verdict.latencyMillis());
        var invocation = integration.invoke(route, event);
        var status = invocation.succeeded() ? ProxyResponse.statusCode(invocation.payload()) : ApiStage.BAD_GATEWAY;
        log.event("CONNECT", connection, "$connect", status + ProxyResponse.outcomeNote(invocation), now);
        if (status / 100 != 2) {
            registry.finished(connection.id());
            return new ApiStage.ConnectResult(null, status, Map.of());
        }
        var responseHeaders = ProxyResponse.headers(invocation.payload());
        var protocol = responseHeaders.get(Subprotocols.HEADER);
        if (protocol != null && !Subprotocols.offered(handshake.headers()).contains(protocol)) {
            log.event("CONNECT", connection, "$connect", "refused: it chose subprotocol \"" + protocol
                    + "\", which the client did not offer", now);
            disconnects.closed(connection, Subprotocols.ABNORMAL_CLOSURE, null);
            return new ApiStage.ConnectResult(null, ApiStage.INTERNAL_ERROR, Map.of());
        }
        connection.accepted();
        awaitUpgrade.accept(connection);
        return new ApiStage.ConnectResult(connection, status, responseHeaders);
    }

    /** Runs the route's Lambda authorizer, if it has one, with the handshake as API Gateway hands it on. */
    private ConnectAuthorizer.Verdict authorize(Route route, String id, Handshake handshake, Events.Request request,
                                                String traceId, Instant now) {
        if (route == null || route.authorizer() == null) {
            return ConnectAuthorizer.Verdict.NO_AUTHORIZER;
        }
        var verdict = authorizer.authorize(route.authorizer(),
                new ConnectionInfo(id, now, handshake.sourceIp(), handshake.userAgent()), request,
                ConnectHeaders.forAuthorizer(handshake.headers(), handshake.sourceIp(), domainName, traceId),
                handshake.query());
        log.event("AUTHORIZE", id, route.authorizer().logicalId(),
                verdict.allowed() ? "allowed" : verdict.status() + " (" + verdict.note() + ")", now);
        return verdict;
    }
}
