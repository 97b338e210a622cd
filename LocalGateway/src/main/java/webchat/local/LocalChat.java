package webchat.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import webchat.local.build.FunctionBuilds;
import webchat.local.dynamodb.Dynalite;
import webchat.local.dynamodb.DynaliteWatcher;
import webchat.local.dynamodb.DynamoDbProxy;
import webchat.local.dynamodb.EndpointWatcher;
import webchat.local.dynamodb.TableCreator;
import webchat.local.gateway.ExecuteApiEndpoint;
import webchat.local.gateway.GatewayConfig;
import webchat.local.gateway.GatewayServer;
import webchat.local.gateway.LocalTls;
import webchat.local.lambda.FunctionPool;
import webchat.local.lambda.Invocation;
import webchat.local.lambda.LambdaConfig;
import webchat.local.lambda.PublishedVersion;
import webchat.local.template.Application;
import webchat.local.template.DeployOnlyResources;
import webchat.local.template.LambdaFunction;
import webchat.local.template.ResolvedTemplate;
import webchat.local.template.TemplateLoader;
import webchat.local.template.TemplateOptions;
import webchat.local.template.WebSocketApi;

/**
 * The whole chat on one machine, wired from a SAM template: dynalite with the template's tables, the gateway
 * (WebSocket, @connections over http and https, web page) and the functions in their own JVMs.
 */
public final class LocalChat implements AutoCloseable {

    /** API Gateway's maximum integration timeout. */
    private static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(29);
    /**
     * The close code for the open connections when dynalite was restarted with empty tables: 1012 Service Restart
     * (IANA WebSocket Close Code Number Registry, https://www.iana.org/assignments/websocket/websocket.xhtml), which
     * tells a client to reconnect; the web page reconnects after any close it did not ask for.
     */
    static final int SERVICE_RESTART = 1012;

    private final Application application;
    private final Dynalite dynalite;
    private final DynamoDbProxy dynamoDbProxy;
    private final URI dynamoDbEndpoint;
    private final GatewayServer gateway;
    private final FunctionPool functions;
    private final Path workDir;
    private final AutoCloseable dynamoDbWatch;
    private final LocalTls tls;

    private LocalChat(Application application, Dynalite dynalite, DynamoDbProxy dynamoDbProxy, URI dynamoDbEndpoint,
                      GatewayServer gateway, FunctionPool functions, Path workDir, AutoCloseable dynamoDbWatch,
                      LocalTls tls) {
        this.application = application;
        this.dynalite = dynalite;
        this.dynamoDbProxy = dynamoDbProxy;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.gateway = gateway;
        this.functions = functions;
        this.workDir = workDir;
        this.dynamoDbWatch = dynamoDbWatch;
        this.tls = tls;
    }

    /** Starts everything, printing progress to the options' console; on failure stops what it had started. */
    public static LocalChat start(LocalChatOptions options) throws Exception {
        Consumer<String> console = options.console();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            console.accept("webchat: [1/4] reading " + options.template());
            ResolvedTemplate template = TemplateLoader.resolve(options.template(),
                    new TemplateOptions(options.parameterOverrides(), null, options.region(), null, null));
            Application app = TemplateLoader.load(template);
            app.warnings().forEach(w -> console.accept("webchat: warning: " + w));
            WebSocketApi api = options.stage() == null ? app.api() : withStage(app.api(), options.stage());
            console.accept("webchat:       " + count(api.routes().size(), "route") + ", "
                    + count(app.functions().size(), "function") + ", " + count(app.tables().size(), "table")
                    + ", stage " + api.stageName());
            DeployOnlyResources.describe(template).ifPresent(types -> console.accept("webchat:       not emulated "
                    + "locally (they matter once deployed): " + types + "; function logs, EMF metric lines included, "
                    + "print here"));
            new FunctionBuilds(FunctionBuilds.localStartSteps(), Path.of(System.getProperty("java.home")),
                    line -> console.accept("webchat:       " + line)).prepare(app.functions().values());

            console.accept("webchat: [2/4] starting DynamoDB");
            Dynalite dynalite = null;
            DynamoDbProxy dynamoDbProxy = null;
            URI dynamoDbEndpoint = options.dynamoDbEndpoint();
            if (dynamoDbEndpoint == null) {
                dynalite = Dynalite.start(options.projectRoot().resolve("LocalGateway"), options.dataDir(), console);
                started.add(dynalite);
                // Everyone gets the proxy's endpoint, which refuses web pages; dynalite itself answers any of them.
                dynamoDbProxy = DynamoDbProxy.start(dynalite::endpoint);
                started.add(dynamoDbProxy);
                dynamoDbEndpoint = dynamoDbProxy.endpoint();
            }
            try (DynamoDbClient client = TableCreator.localClient(dynamoDbEndpoint, options.region())) {
                TableCreator.createAll(client, app.tables(), w -> console.accept("webchat: warning: " + w));
            } catch (SdkClientException unreachable) {
                throw new IOException("DynamoDB at " + dynamoDbEndpoint + " does not answer (" + unreachable.getMessage()
                        + "); start it, or leave out --dynamodb-endpoint to run dynalite", unreachable);
            }

            console.accept("webchat: [3/4] starting the gateway");
            Path workDir = Files.createTempDirectory("webchat-");
            started.add(() -> deleteQuietly(workDir));
            LocalTls tls = LocalTls.generate(workDir);
            AtomicReference<FunctionPool> pool = new AtomicReference<>();
            GatewayServer gateway = new GatewayServer(api, (function, event) -> pool.get().invoke(function, event),
                    gatewayConfig(options, tls), options.localAccess());
            started.add(gateway);
            gateway.start();

            console.accept("webchat: [4/4] preparing the functions");
            LambdaConfig lambda = lambdaConfig(options, tls, dynamoDbEndpoint, gateway.connectionsUrl());
            FunctionPool functions = new FunctionPool(pointedAtGateway(app, options, gateway), lambda);
            pool.set(functions);
            started.add(functions);
            // Dynalite is ours to warm up; a user's own DynamoDB (--dynamodb-endpoint) is left alone.
            URI warmDynamoDb = dynalite == null ? null : dynamoDbEndpoint;
            publishVersions(app, functions, console);
            console.accept("webchat:       " + StackWarmUp.run(warmDynamoDb, api, gatewayConfig(options, tls),
                    lambda, workDir));
            AutoCloseable watch = watchDynamoDb(dynalite, dynamoDbEndpoint, app, gateway, options);
            return new LocalChat(app, dynalite, dynamoDbProxy, dynamoDbEndpoint, gateway, functions, workDir, watch,
                    tls);
        } catch (Exception e) {
            started.reversed().forEach(LocalChat::closeQuietly);
            throw e;
        }
    }

    /**
     * The functions, with the values that name this API's execute-api endpoint (SendMessage's MANAGEMENT_ENDPOINT by
     * default) pointed at the gateway's https port, each change printed.
     */
    private static Map<String, LambdaFunction> pointedAtGateway(Application app, LocalChatOptions options,
                                                                GatewayServer gateway) {
        URI local = gateway.secureConnectionsUrl() != null ? gateway.secureConnectionsUrl() : gateway.connectionsUrl();
        var endpoint = ExecuteApiEndpoint.of(app.api().apiId(), options.region(), app.api().stageName());
        Map<String, LambdaFunction> functions = endpoint.localized(app.functions(), local);
        functions.forEach((id, f) -> f.environment().forEach((name, value) -> {
            String declared = app.functions().get(id).environment().get(name);
            if (!value.equals(declared)) {
                options.console().accept("webchat:       " + id + " " + name + ": " + declared + " is this API's "
                        + "endpoint on AWS; locally " + value);
            }
        }));
        return functions;
    }

    /**
     * Watches DynamoDB: the dynalite started here is restarted when it dies, its tables created again and the open
     * connections closed with 1012 so that clients reconnect and are stored again; a user's endpoint is only
     * reported.
     */
    private static AutoCloseable watchDynamoDb(Dynalite dynalite, URI endpoint, Application app, GatewayServer gateway,
                                               LocalChatOptions options) {
        Consumer<String> console = options.console();
        if (dynalite == null) {
            return EndpointWatcher.watch(endpoint, console);
        }
        return DynaliteWatcher.watch(dynalite, console, () -> {
            try (DynamoDbClient client = TableCreator.localClient(endpoint, options.region())) {
                TableCreator.createAll(client, app.tables(), warningAlreadyShown -> {});
            }
            int closed = gateway.closeConnections(SERVICE_RESTART, "Service Restart");
            console.accept("webchat: DynamoDB is back on " + endpoint + " with " + count(app.tables().size(), "table")
                    + " created again; closed " + count(closed, "WebSocket connection") + " with " + SERVICE_RESTART
                    + " (Service Restart) so that clients reconnect and are stored again");
        });
    }

    /**
     * Publishes the SnapStart functions' versions before readiness is announced, as a deployment does: each runs
     * init and its beforeCheckpoint hooks now, so no first invocation starts a JVM on the request path. A failed
     * init or hook fails the start, as it fails the deployment on Lambda.
     */
    private static void publishVersions(Application app, FunctionPool functions, Consumer<String> console)
            throws Exception {
        long snapStart = app.functions().values().stream().filter(LambdaFunction::snapStart).count();
        if (snapStart == 0) {
            return;
        }
        long started = System.nanoTime();
        console.accept("webchat:       publishing " + count((int) snapStart, "SnapStart function")
                + " (init and beforeCheckpoint run now; first invocations restore)");
        List<PublishedVersion> failed = functions.publishVersions().stream()
                .filter(version -> !version.published()).toList();
        if (!failed.isEmpty()) {
            throw new IOException("Could not publish " + failed.stream()
                    .map(version -> version.functionId() + ": " + version.error()).toList());
        }
        console.accept("webchat:       published in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private static GatewayConfig gatewayConfig(LocalChatOptions o, LocalTls tls) {
        return GatewayConfig.defaults()
                .withBindAddress(o.bindAddress()).withPort(o.port()).withTlsPort(o.tlsPort()).withRegion(o.region())
                .withWebRoot(o.projectRoot().resolve("web")).withTls(tls)
                .withLimits(new GatewayConfig.Limits(32 * 1024, 128 * 1024, o.idleTimeout(), o.maxConnectionDuration()))
                .withManagementDelay(o.managementDelay()).withConsole(o.console());
    }

    private static LambdaConfig lambdaConfig(LocalChatOptions o, LocalTls tls, URI dynamoDb, URI managementEndpoint) {
        Map<String, String> environment = new LinkedHashMap<>();
        // Dummy credentials: the functions' default credentials chain finds these first, so the developer's real
        // AWS credentials never reach a local function, and the SDK never probes the EC2 metadata address.
        environment.put("AWS_ACCESS_KEY_ID", "local");
        environment.put("AWS_SECRET_ACCESS_KEY", "local");
        environment.put("AWS_SESSION_TOKEN", "local");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_REGION", o.region());
        environment.put("AWS_DEFAULT_REGION", o.region());
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.toString());
        environment.put("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", managementEndpoint.toString());
        LambdaConfig config = LambdaConfig.defaults(ricDir(o.projectRoot()))
                .withExtraEnvironment(environment)
                .withMaxEnvironmentsPerFunction(o.maxEnvironmentsPerFunction())
                // Lambda would scale out where the local pool queues: wait for a free environment up to API
                // Gateway's 29 s integration timeout before failing the invocation, rather than dropping a burst.
                .withEnvironmentWaitTimeout(INTEGRATION_TIMEOUT)
                .withExtraJvmOptions(tls.jvmOptions())
                .withConsole(o.console());
        if (o.envVarsFile() != null) {
            config = config.withEnvOverrides(LambdaConfig.readEnvVarsFile(o.envVarsFile()));
        }
        if (o.functionTimeout() != null) {
            config = config.withTimeoutOverride(o.functionTimeout());
        }
        return config;
    }

    private static Path ricDir(Path projectRoot) {
        String configured = System.getProperty("webchat.ricDir");
        return configured != null ? Path.of(configured) : projectRoot.resolve("LocalGateway/target/ric");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static WebSocketApi withStage(WebSocketApi api, String stage) {
        return new WebSocketApi(api.logicalId(), api.apiId(), api.name(), api.routeSelectionExpression(), stage,
                api.routes());
    }

    /** Runs one function once with an event, as {@code sam local invoke} does. */
    public Invocation invoke(String functionLogicalId, String eventJson) {
        return functions.invoke(functionLogicalId, eventJson);
    }

    public Application application() {
        return application;
    }

    public URI webSocketUrl() {
        return gateway.webSocketUrl();
    }

    /** {@code http://127.0.0.1:PORT/{stage}/@connections}, as the stack's ConnectionsURL output. */
    public URI connectionsUrl() {
        return URI.create(managementEndpoint() + "/@connections");
    }

    /** The management API endpoint the AWS SDK and CLI take: {@code http://127.0.0.1:PORT/{stage}}. */
    public URI managementEndpoint() {
        return gateway.connectionsUrl();
    }

    /**
     * The https management endpoint, {@code https://127.0.0.1:TLSPORT/{stage}}: the one the functions post to (each
     * event's domainName names the TLS port), as they reach execute-api over TLS on AWS.
     */
    public URI secureManagementEndpoint() {
        return gateway.secureConnectionsUrl();
    }

    /** The JVM options that make a function's JVM trust the gateway's certificate, as the stack's functions get. */
    public List<String> functionTrustOptions() {
        return tls.jvmOptions();
    }

    public URI webUrl() {
        return URI.create("http://" + webSocketUrl().getAuthority() + "/");
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /** The function pool, for benchmarks that read REPORT figures. */
    public FunctionPool functions() {
        return functions;
    }

    /** The dynalite process, or null when an endpoint was given (tests stop it to simulate an outage). */
    public Dynalite dynalite() {
        return dynalite;
    }

    /** The ids of the open connections. */
    public Set<String> connectionIds() {
        return gateway.connectionIds();
    }

    /** Waits until the connection's $disconnect has finished; false on timeout. */
    public boolean awaitDisconnected(String connectionId, Duration timeout) throws InterruptedException {
        return gateway.awaitDisconnected(connectionId, timeout);
    }

    /** Stops the gateway, every function JVM and dynalite. Safe to call twice. */
    @Override
    public void close() {
        closeQuietly(dynamoDbWatch);
        closeQuietly(gateway);
        closeQuietly(functions);
        if (dynalite != null) {
            closeQuietly(dynamoDbProxy);
            closeQuietly(dynalite);
        }
        deleteQuietly(workDir);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // stopping: nothing more to do about a part that fails to stop
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
