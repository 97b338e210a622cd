package webchat.local.gateway;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import webchat.local.lambda.FunctionInvoker;
import webchat.local.template.WebSocketApi;
import webchat.local.web.WebClientHandler;

/**
 * A local stand-in for one stage of an API Gateway WebSocket API: the WebSocket endpoint at
 * {@code ws://{bind}:{port}/{stage}}, the @connections API on the same port and over https on the TLS port, and the
 * browser client at {@code http://{bind}:{port}/}.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final WebSocketApi api;
    private final GatewayConfig config;
    private final FunctionInvoker invoker;
    private final LocalAccess access;
    private final ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledThreadPoolExecutor timers =
            new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("gateway-timers").daemon().factory());
    private Server server;
    private ServerConnector http;
    private ServerConnector https;
    private ApiStage stage;

    public GatewayServer(WebSocketApi api, FunctionInvoker invoker, GatewayConfig config) {
        this(api, invoker, config, LocalAccess.loopbackOnly());
    }

    /** A gateway that also answers the Host names and page origins {@code access} allows. */
    public GatewayServer(WebSocketApi api, FunctionInvoker invoker, GatewayConfig config, LocalAccess access) {
        this.api = api;
        this.invoker = invoker;
        this.config = config;
        this.access = access;
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Binds the ports and starts serving; returns once both ports accept connections. */
    public GatewayServer start() throws Exception {
        var threads = new QueuedThreadPool();
        threads.setName("gateway");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("gateway-request-"));
        server = new Server(threads);
        http = new ServerConnector(server, new HeaderSpelling(new HttpConfiguration()));
        http.setHost(config.bindAddress());
        http.setPort(config.port());
        server.addConnector(http);
        if (config.tls() != null) {
            https = httpsConnector(server);
            server.addConnector(https);
            https.open();
        }
        http.open();
        stage = new ApiStage(api, invoker, config, domainName(), invocations, timers);
        var origins = new OriginCheck(access.allowedOrigins());
        var refusals = new RefusalLog(config.console());
        var management = new ManagementHandler(new ManagementApi(api.stageName(), stage), config.managementDelay(),
                new ConnectionsGuard(origins, refusals), new WebClientHandler(config.webRoot(), api.stageName()));
        server.setHandler(new LocalAccessHandler(new HostCheck(config.bindAddress(), access.allowedHosts()), origins,
                refusals, webSocketUpgrade(management)));
        server.start();
        return this;
    }

    public int port() {
        return http.getLocalPort();
    }

    /** The https @connections port, or -1 without TLS. */
    public int tlsPort() {
        return https == null ? -1 : https.getLocalPort();
    }

    public URI webSocketUrl() {
        return URI.create("ws://" + host() + ":" + port() + "/" + api.stageName());
    }

    /** The @connections endpoint (what an SDK client's endpointOverride takes): {@code http://host:port/stage}. */
    public URI connectionsUrl() {
        return URI.create("http://" + host() + ":" + port() + "/" + api.stageName());
    }

    /** The https @connections endpoint, or null without TLS. */
    public URI secureConnectionsUrl() {
        return https == null ? null : URI.create("https://" + domainName() + "/" + api.stageName());
    }

    /** The ids of the connections that are open now (not those still in $connect). */
    public Set<String> connectionIds() {
        return stage.openConnectionIds();
    }

    /** Waits until the connection is closed and its $disconnect has finished; false on timeout. */
    public boolean awaitDisconnected(String connectionId, Duration timeout) throws InterruptedException {
        return stage.awaitDisconnected(connectionId, timeout);
    }

    /**
     * Closes every open connection with this close code (each gets its $disconnect); returns how many it closed.
     * Used when what backs the connections was lost, e.g. 1012 (Service Restart) after DynamoDB restarted empty.
     */
    public int closeConnections(int statusCode, String reason) {
        return stage == null ? 0 : stage.closeAll(statusCode, reason).size();
    }

    /** Closes every connection with 1001 (each gets its $disconnect), then stops listening. */
    @Override
    public void close() throws Exception {
        if (server == null) {
            return;
        }
        if (stage == null) {
            server.stop();
            return;
        }
        var deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        for (var connection : stage.closeAll()) {
            var left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            stage.awaitDisconnected(connection.id(), left);
        }
        server.stop();
        timers.shutdownNow();
        invocations.shutdown();
        invocations.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Handler webSocketUpgrade(Handler next) {
        var limits = config.limits();
        var upgrade = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxFrameSize(limits.maxFrameBytes());
            container.setMaxTextMessageSize(limits.maxMessageBytes());
            container.setMaxBinaryMessageSize(limits.maxMessageBytes());
            container.setAutoFragment(false);
            container.setIdleTimeout(limits.maxConnectionDuration().plus(limits.idleTimeout()));
            container.addMapping("/" + api.stageName(), new WebSocketEndpoint(stage));
        });
        upgrade.setHandler(next);
        return upgrade;
    }

    private ServerConnector httpsConnector(Server target) {
        var tls = config.tls();
        var ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keyStore().toString());
        ssl.setKeyStorePassword(tls.password());
        ssl.setKeyStoreType("PKCS12");
        var httpsConfig = new HttpConfiguration();
        var customizer = new SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        httpsConfig.addCustomizer(customizer);
        var connector = new ServerConnector(target, new SslConnectionFactory(ssl, "http/1.1"),
                new HeaderSpelling(httpsConfig));
        connector.setHost(config.bindAddress());
        connector.setPort(config.tlsPort());
        return connector;
    }

    /** What events carry as domainName: the https port, so https://{domainName}/{stage} reaches this gateway. */
    private String domainName() {
        return host() + ":" + (https != null ? https.getLocalPort() : http.getLocalPort());
    }

    private String host() {
        try {
            return InetAddress.getByName(config.bindAddress()).isAnyLocalAddress() ? "127.0.0.1" : config.bindAddress();
        } catch (java.net.UnknownHostException unknown) {
            return config.bindAddress();
        }
    }
}
