package webchat.local.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import webchat.local.lambda.FunctionInvoker;
import webchat.local.lambda.Invocation;
import webchat.local.template.Route;
import webchat.local.template.WebSocketApi;

/**
 * The deployed stage of a WebSocket API: runs $connect, routes messages, runs $disconnect, enforces idle and
 * duration limits, and answers the @connections API. Jetty-free apart from the session it sends through.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html">
 *     $connect and $disconnect routes</a>
 */
final class ApiStage implements ManagementApi.Connections {

    static final int GOING_AWAY = 1001;
    static final int UNSUPPORTED_DATA = 1003;
    static final int INTERNAL_ERROR = 500;
    static final int BAD_GATEWAY = 502;
    static final int ABNORMAL_CLOSURE = 1006;
    /** How long an upgrade may take to complete after $connect accepted it before the client counts as gone. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    /** The same while the stage shuts down, so that shutdown does not wait on a client that left during $connect. */
    private static final Duration HANDSHAKE_TIMEOUT_CLOSING = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The $connect verdict: a connection to upgrade, or the HTTP status refusing the handshake. */
    record ConnectResult(Connection connection, int status, Map<String, String> headers) {
        boolean accepted() {
            return connection != null;
        }
    }

    private final WebSocketApi api;
    private final FunctionInvoker invoker;
    private final GatewayConfig config;
    private final Events events;
    private final String domainName;
    private final ConnectAuthorizer authorizer;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final Executor threads;
    private final ScheduledExecutorService timers;
    private volatile boolean closing;

    ApiStage(WebSocketApi api, FunctionInvoker invoker, GatewayConfig config, String domainName, Executor threads,
             ScheduledExecutorService timers) {
        this.api = api;
        this.invoker = invoker;
        this.config = config;
        this.events = new Events(api.apiId(), api.stageName(), domainName);
        this.domainName = domainName;
        this.authorizer = new ConnectAuthorizer(invoker, events, config.clock());
        this.threads = threads;
        this.timers = timers;
    }

    /**
     * Runs the $connect route's authorizer, then $connect, for a handshake; the id is CONNECTING (posts answer 410)
     * until the upgrade completes. A $connect that fails answers 502; one that accepts with a subprotocol the client
     * did not offer is refused (500) and gets its $disconnect, as a client failing that handshake would cause on AWS.
     */
    ConnectResult connect(Handshake handshake) {
        var now = config.clock().instant();
        var request = request(now, null);
        var traceId = ConnectHeaders.traceId(now);
        var id = config.ids().next();
        var route = api.routes().get("$connect");
        var verdict = authorize(route, id, handshake, request, traceId, now);
        if (!verdict.allowed()) {
            return new ConnectResult(null, verdict.status(), Map.of());
        }
        var info = new ConnectionInfo(id, now, handshake.sourceIp(), handshake.userAgent(), verdict.context());
        var connection = new Connection(info, config.limits().maxFrameBytes(), new SerialExecutor(threads, this::unexpected),
                threads, this::unreadable);
        registry.connecting(connection);
        if (route == null || route.functionLogicalId() == null) {
            connection.accepted();
            awaitUpgrade(connection);
            console("CONNECT", connection, "$connect", "accepted (no $connect integration)", now);
            return new ConnectResult(connection, 200, Map.of());
        }
        var headers = ConnectHeaders.forIntegration(handshake.headers(), handshake.sourceIp(), domainName, traceId);
        var event = events.connect(info, request, headers, handshake.query(), verdict.latencyMillis());
        var invocation = invoke(route, event);
        var status = invocation.succeeded() ? statusCode(invocation.payload()) : BAD_GATEWAY;
        console("CONNECT", connection, "$connect", status + outcomeNote(invocation), now);
        if (status / 100 != 2) {
            registry.finished(connection.id());
            return new ConnectResult(null, status, Map.of());
        }
        var responseHeaders = responseHeaders(invocation.payload());
        var protocol = responseHeaders.get(Subprotocols.HEADER);
        if (protocol != null && !Subprotocols.offered(handshake.headers()).contains(protocol)) {
            console("CONNECT", connection, "$connect", "refused: it chose subprotocol \"" + protocol
                    + "\", which the client did not offer", now);
            closed(connection, Subprotocols.ABNORMAL_CLOSURE, null);
            return new ConnectResult(null, INTERNAL_ERROR, Map.of());
        }
        connection.accepted();
        awaitUpgrade(connection);
        return new ConnectResult(connection, status, responseHeaders);
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
        console("AUTHORIZE", id, route.authorizer().logicalId(),
                verdict.allowed() ? "allowed" : verdict.status() + " (" + verdict.note() + ")", now);
        return verdict;
    }

    /** Gives the accepted connection's upgrade a bounded time to complete (see {@link #handshakeFailed}). */
    private void awaitUpgrade(Connection connection) {
        var timeout = closing ? HANDSHAKE_TIMEOUT_CLOSING : HANDSHAKE_TIMEOUT;
        timers.schedule(() -> handshakeFailed(connection), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The upgrade completed: the connection is OPEN, and its idle and duration clocks start. */
    void opened(Connection connection, org.eclipse.jetty.websocket.api.Session session) {
        if (!connection.opened(session)) {
            return;
        }
        if (closing) {
            connection.close(GOING_AWAY, "Going away");
            return;
        }
        var limits = config.limits();
        var expiry = timers.schedule(() -> connection.close(GOING_AWAY, "Going away"),
                limits.maxConnectionDuration().toNanos(), TimeUnit.NANOSECONDS);
        connection.timers(null, expiry);
        scheduleIdleCheck(connection, limits.idleTimeout().toNanos());
    }

    /** A text message arrived: it is routed after the connection's earlier messages. */
    void received(Connection connection, String message) {
        var arrived = config.clock().instant();
        connection.active(arrived);
        connection.inbox().execute(() -> route(connection, message, arrived));
    }

    /** API Gateway does not accept binary frames: it closes the connection with 1003. */
    void receivedBinary(Connection connection) {
        connection.active(config.clock().instant());
        connection.close(UNSUPPORTED_DATA, "Binary frames are not supported");
    }

    /** Jetty reports errors before it closes; only limits worth knowing are shown, the close follows anyway. */
    void failed(Connection connection, Throwable cause) {
        if (cause instanceof org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException) {
            config.console().accept("LIMIT      " + connection.id() + " " + cause.getMessage());
        }
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

    Set<String> openConnectionIds() {
        return registry.openIds();
    }

    boolean awaitDisconnected(String connectionId, Duration timeout) throws InterruptedException {
        return registry.awaitFinished(connectionId, timeout);
    }

    /** Closes every open connection with 1001, as a stage going away would. */
    Set<Connection> closeAll() {
        closing = true;
        return closeAll(GOING_AWAY, "Going away");
    }

    /**
     * Closes every open connection with this code; connections whose upgrade never completed have no socket to
     * close: their $disconnect runs at once.
     */
    Set<Connection> closeAll(int statusCode, String reason) {
        var all = registry.all();
        for (var connection : all) {
            if (connection.reachable() && !connection.hasSession()) {
                handshakeFailed(connection);
            } else {
                connection.close(statusCode, reason);
            }
        }
        return all;
    }

    /**
     * $connect accepted the connection but the WebSocket upgrade did not complete in time (the client reset its TCP
     * connection during $connect, or vanished): no socket will ever report a close, so the gateway runs the
     * $disconnect itself, with 1006 as API Gateway reports a connection lost without a close frame.
     */
    private void handshakeFailed(Connection connection) {
        if (connection.state() == Connection.State.ACCEPTED && connection.handshakeFailed()) {
            config.console().accept("HANDSHAKE  " + connection.id() + " accepted by $connect, but the upgrade did not"
                    + " complete (the client left during $connect)");
            closed(connection, ABNORMAL_CLOSURE, null);
        }
    }

    /**
     * The outbox gave up on a client that stopped reading: it is closed and its $disconnect runs. AWS documents no
     * close for a slow reader; 1001 "Going away" is the code API Gateway uses when it ends a connection itself (idle
     * timeout, maximum duration: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html), and
     * RFC 6455 section 7.4.1 defines it for a server going away from a connection.
     */
    private void unreadable(Connection connection, String why) {
        config.console().accept("SLOW       " + connection.id() + " " + why + ": closing it with " + GOING_AWAY
                + " \"Going away\"");
        connection.abort(GOING_AWAY, "Going away");
    }

    @Override
    public boolean post(String connectionId, byte[] data) {
        return registry.open(connectionId).map(connection -> connection.send(data)).orElse(false);
    }

    @Override
    public ManagementApi.Status get(String connectionId) {
        return registry.open(connectionId)
                .map(c -> new ManagementApi.Status(c.info().connectedAt(), c.info().sourceIp(), c.info().userAgent(),
                        c.lastActiveAt()))
                .orElse(null);
    }

    @Override
    public boolean delete(String connectionId) {
        return registry.open(connectionId)
                .map(connection -> connection.close(1000, "Connection Closed Normally"))
                .orElse(false);
    }

    private void route(Connection connection, String message, Instant arrived) {
        var request = request(arrived, config.ids().next());
        var selected = RouteSelection.select(api.routeSelectionExpression(), message, api.routes().keySet());
        if (selected.isEmpty()) {
            connection.send(gatewayMessage("Forbidden", connection, request));
            console("MESSAGE", connection, "(no route)", "Forbidden", arrived);
            return;
        }
        var route = api.routes().get(selected.get());
        var invocation = invoke(route, events.message(connection.info(), request, route.routeKey(), message));
        if (!invocation.succeeded()) {
            connection.send(gatewayMessage("Internal server error", connection, request));
            console("MESSAGE", connection, route.routeKey(), "Internal server error" + outcomeNote(invocation),
                    arrived);
            return;
        }
        if (route.returnsResponse()) {
            responseBody(invocation.payload()).ifPresent(connection::send);
        }
        console("MESSAGE", connection, route.routeKey(), result(invocation), arrived);
    }

    private void disconnect(Connection connection, Connection.Close close, Instant closedAt) {
        var route = api.routes().get("$disconnect");
        var closeText = close.statusCode() + " \"" + close.reason() + "\"";
        if (route == null || route.functionLogicalId() == null) {
            console("DISCONNECT", connection, closeText, "(no $disconnect integration)", closedAt);
            return;
        }
        var event = events.disconnect(connection.info(), request(closedAt, null), close.statusCode(), close.reason());
        var invocation = invoke(route, event);
        console("DISCONNECT", connection, closeText, result(invocation), closedAt);
    }

    /**
     * What the console says of a finished invocation: "ok" only for a 2xx answer; else the status the function
     * returned, or how it failed, so that a failed $disconnect or message never reads as ok.
     */
    static String result(Invocation invocation) {
        if (!invocation.succeeded()) {
            return "failed (" + invocation.outcome() + ")";
        }
        var status = statusCode(invocation.payload());
        return status / 100 == 2 ? "ok" : status + " (the function returned statusCode " + status + ")";
    }

    private void scheduleIdleCheck(Connection connection, long delayNanos) {
        var limit = config.limits().idleTimeout().toNanos();
        var check = timers.schedule(() -> {
            if (!connection.reachable()) {
                return;
            }
            var idle = connection.idleNanos();
            if (idle >= limit) {
                connection.close(GOING_AWAY, "Going away");
            } else {
                scheduleIdleCheck(connection, limit - idle);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
        connection.timers(check, null);
    }

    private Invocation invoke(Route route, ObjectNode event) {
        if (route.functionLogicalId() == null) {
            return new Invocation(null, Invocation.Outcome.FUNCTION_ERROR, "route " + route.routeKey()
                    + " has no Lambda integration");
        }
        try {
            return invoker.invoke(route.functionLogicalId(), event.toString());
        } catch (RuntimeException failure) {
            return new Invocation(null, Invocation.Outcome.CRASHED, String.valueOf(failure.getMessage()));
        }
    }

    private Events.Request request(Instant time, String messageId) {
        return new Events.Request(config.ids().next(), messageId, time);
    }

    private static String gatewayMessage(String message, Connection connection, Events.Request request) {
        return "{\"message\": \"" + message + "\", \"connectionId\":\"" + connection.id() + "\", \"requestId\":\""
                + request.requestId() + "\"}";
    }

    /**
     * A proxy response's statusCode; a response without one (or no response) counts as 200, a malformed one as 502
     * (API Gateway's answer to a malformed Lambda proxy response).
     */
    static int statusCode(String payload) {
        var response = parse(payload);
        var status = response.path("statusCode");
        if (status.isInt()) {
            return status.intValue();
        }
        if (status.isTextual() && status.textValue().matches("\\d{3}")) {
            return Integer.parseInt(status.textValue());
        }
        return response.isObject() && response.has("statusCode") ? BAD_GATEWAY : 200;
    }

    static Optional<String> responseBody(String payload) {
        var body = parse(payload).path("body");
        if (body.isMissingNode() || body.isNull()) {
            return Optional.empty();
        }
        return Optional.of(body.isTextual() ? body.textValue() : body.toString());
    }

    private static Map<String, String> responseHeaders(String payload) {
        var headers = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        parse(payload).path("headers").properties().forEach(header -> {
            if (header.getValue().isValueNode()) {
                headers.put(header.getKey(), header.getValue().asText());
            }
        });
        return headers;
    }

    private static JsonNode parse(String payload) {
        if (payload == null || payload.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(payload);
        } catch (JacksonException notJson) {
            return JSON.missingNode();
        }
    }

    private static String outcomeNote(Invocation invocation) {
        return invocation.succeeded() ? "" : " (" + invocation.outcome() + ")";
    }

    private void console(String kind, Connection connection, String what, String result, Instant started) {
        console(kind, connection.id(), what, result, started);
    }

    private void console(String kind, String connectionId, String what, String result, Instant started) {
        var millis = Duration.between(started, config.clock().instant()).toMillis();
        config.console().accept("%-10s %s %s -> %s (%d ms)".formatted(kind, connectionId, what, result,
                Math.max(0, millis)));
    }

    private void unexpected(Throwable failure) {
        config.console().accept("gateway error: " + failure);
    }
}
