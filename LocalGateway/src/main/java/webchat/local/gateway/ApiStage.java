package webchat.local.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import webchat.local.lambda.FunctionInvoker;
import webchat.local.lambda.Invocation;
import webchat.local.template.WebSocketApi;

/**
 * The deployed stage of a WebSocket API: takes each connection through $connect ({@link ConnectPath}), its messages
 * ({@link MessageRouter}), its limits ({@link ConnectionTimers}) and $disconnect ({@link DisconnectPath}), and
 * answers the @connections API. Jetty-free apart from the session it sends through.
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

    /** The $connect verdict: a connection to upgrade, or the HTTP status refusing the handshake. */
    record ConnectResult(Connection connection, int status, Map<String, String> headers) {
        boolean accepted() {
            return connection != null;
        }
    }

    private final GatewayConfig config;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final Executor threads;
    private final StageLog log;
    private final ConnectPath connects;
    private final MessageRouter messages;
    private final DisconnectPath disconnects;
    private final ConnectionTimers timers;
    private volatile boolean closing;

    ApiStage(WebSocketApi api, FunctionInvoker invoker, GatewayConfig config, String domainName, Executor threads,
             ScheduledExecutorService scheduler) {
        this.config = config;
        this.threads = threads;
        this.log = new StageLog(config);
        var events = new Events(api.apiId(), api.stageName(), domainName);
        var integration = new RouteIntegration(invoker, config);
        this.disconnects = new DisconnectPath(api, events, integration, registry, config, log);
        this.connects = new ConnectPath(api, events, domainName, new ConnectAuthorizer(invoker, events, config.clock()),
                integration, registry, disconnects, config, log);
        this.messages = new MessageRouter(api, events, integration, config, log);
        this.timers = new ConnectionTimers(scheduler, config, disconnects);
    }

    /** Runs a handshake through $connect (see {@link ConnectPath#connect}). */
    ConnectResult connect(Handshake handshake) {
        return connects.connect(handshake, this::newConnection, connection -> timers.awaitUpgrade(connection, closing));
    }

    private Connection newConnection(ConnectionInfo info) {
        return new Connection(info, config.limits().maxFrameBytes(), new SerialExecutor(threads, log::unexpected),
                threads, this::unreadable);
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
        timers.start(connection);
    }

    /** A text message arrived: it is routed after the connection's earlier messages. */
    void received(Connection connection, String message) {
        var arrived = config.clock().instant();
        connection.active(arrived);
        connection.inbox().execute(() -> messages.route(connection, message, arrived));
    }

    /** API Gateway does not accept binary frames: it closes the connection with 1003. */
    void receivedBinary(Connection connection) {
        connection.active(config.clock().instant());
        connection.close(UNSUPPORTED_DATA, "Binary frames are not supported");
    }

    /** Jetty reports errors before it closes; only limits worth knowing are shown, the close follows anyway. */
    void failed(Connection connection, Throwable cause) {
        if (cause instanceof org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException) {
            log.line("LIMIT      " + connection.id() + " " + cause.getMessage());
        }
    }

    /** The socket is closed (by anyone, cleanly or not): the id is gone and $disconnect runs, once. */
    void closed(Connection connection, int statusCode, String reason) {
        disconnects.closed(connection, statusCode, reason);
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
                disconnects.handshakeFailed(connection);
            } else {
                connection.close(statusCode, reason);
            }
        }
        return all;
    }

    /**
     * The outbox gave up on a client that stopped reading: it is closed and its $disconnect runs. AWS documents no
     * close for a slow reader; 1001 "Going away" is the code API Gateway uses when it ends a connection itself (idle
     * timeout, maximum duration: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html), and
     * RFC 6455 section 7.4.1 defines it for a server going away from a connection.
     */
    private void unreadable(Connection connection, String why) {
        log.line("SLOW       " + connection.id() + " " + why + ": closing it with " + GOING_AWAY
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

    /** What the console says of a finished invocation (see {@link ProxyResponse#result}). */
    static String result(Invocation invocation) {
        return ProxyResponse.result(invocation);
    }
}
