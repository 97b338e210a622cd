package webchat.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import webchat.local.dynamodb.TableCreator;
import webchat.local.gateway.GatewayConfig;
import webchat.local.gateway.GatewayServer;
import webchat.local.lambda.FunctionInvoker;
import webchat.local.lambda.FunctionPool;
import webchat.local.lambda.Invocation;
import webchat.local.lambda.LambdaConfig;
import webchat.local.lambda.PublishedVersion;
import webchat.local.template.LambdaFunction;
import webchat.local.template.WebSocketApi;
import webchat.local.warmup.NoOpFunction;

/**
 * Warms the local stack's own request paths before readiness is announced: the gateway's WebSocket, routing, event
 * and @connections code, and the DynamoDB relay with dynalite behind it. API Gateway and DynamoDB are warm services
 * that never make a first caller wait for their code to load; without this the local gateway and dynalite did, and a
 * fresh start's first $connect took several times its warm time in code that runs nowhere on AWS
 * (docs/snapstart.md, "Before `ready`").
 *
 * <p>The gateway is warmed on a twin of the stage: a second {@link GatewayServer} of the same API on free loopback
 * ports, with a console that prints nothing. Its integrations invoke a warm-up function of the gateway's own
 * ({@link NoOpFunction}, which answers 200) through a pool of its own, exactly as the stage invokes the template's
 * functions: a SnapStart version published, restored on its first invocation, then invoked through the official
 * runtime interface client and the Runtime API. A message is then posted back to its sender through the twin's
 * @connections API over TLS, as the chat's function does. The JIT compiles methods, not servers, so the real stage's
 * first connection runs gateway code that has run here, while the real stage, the template's functions and their
 * connections are never touched: a function's first invocation after its restore stays what Lambda's is. DynamoDB is
 * warmed on a table of its own, deleted afterwards, and only when dynalite is the gateway's own. Nothing here can fail
 * the start: a failure ends the warm-up and is reported.
 */
final class StackWarmUp {

    /**
     * Visits to the twin, and rounds of DynamoDB calls: with 60 (about 7 s on two cores, 360 invocations of the warm-up
     * function) bench/FirstUse.java measured a start's first $connect at 1.16x its warm time; 1.5-2.8x when the twin's
     * integrations were answered in this JVM, and 7.3x with no warm-up.
     */
    static final int ROUNDS = 60;
    /** A new TLS client every this many visits, as each new function environment makes a new TLS connection. */
    static final int NEW_TLS_CLIENT_EVERY = 10;
    /** Messages each warm-up connection sends on the sendMessage route (plus one no route matches). */
    static final int MESSAGES_PER_CONNECTION = 3;
    static final String TABLE = "webchat-local-warm-up";
    /** Shaped like API Gateway's ids (11 bytes in base64: "warm-up-id!"); the gateway's are 11 random bytes. */
    private static final String NO_SUCH_CONNECTION = "d2FybS11cC1pZCE=";
    /** The warm-up function's logical id; the template's functions cannot clash with it in the warm-up's own pool. */
    static final String FUNCTION = "WebchatLocalWarmUp";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The action of the frames a visit sends and expects posted back. */
    private static final String SEND_ACTION = "sendMessage";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String region;
    private int requests;
    /** Invocations of the warm-up function that succeeded; the twin's visits make them one at a time. */
    private final AtomicInteger invocations = new AtomicInteger();
    /** Full TLS handshakes made with the twin's https port ({@link TlsServerWarmUp}). */
    private int tlsHandshakes;

    private StackWarmUp(String region) {
        this.region = region;
    }

    /**
     * Runs the warm-up and returns the line to print.
     *
     * @param dynamoDb the DynamoDB endpoint the functions use, or null to leave DynamoDB alone (a user's own)
     * @param api      the WebSocket API the gateway serves
     * @param gateway  the gateway's configuration (the twin takes its certificate and limits, not its ports)
     * @param lambda   how the template's functions run (the warm-up function runs the same way, silently)
     * @param workDir  a scratch folder of this start, for the warm-up function's package
     */
    static String run(URI dynamoDb, WebSocketApi api, GatewayConfig gateway, LambdaConfig lambda, Path workDir) {
        long started = System.nanoTime();
        var warmUp = new StackWarmUp(gateway.region());
        List<String> warmed = new ArrayList<>();
        try {
            // The warm-up function's JVM lives only as long as the twin's visits need it.
            try (FunctionPool runtime = new FunctionPool(Map.of(FUNCTION, function(workDir)), quiet(lambda))) {
                PublishedVersion version = runtime.publishVersions().getFirst();
                if (!version.published()) {
                    throw new IOException("the warm-up function did not publish: " + version.error());
                }
                warmUp.gateway(api, gateway, gateway.tls() == null ? null : gateway.tls().trustManagers(), runtime);
            }
            if (warmUp.invocations.get() == 0) {
                throw new IOException("no invocation of the warm-up function succeeded");
            }
            warmed.add("the gateway (" + warmUp.invocations.get() + " invocations of a warm-up function"
                    + (warmUp.tlsHandshakes > 0 ? ", " + warmUp.tlsHandshakes + " TLS handshakes" : "") + ")");
            if (dynamoDb != null) {
                warmUp.dynamoDb(dynamoDb);
                warmed.add("DynamoDB");
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "the warm-up of the local stack stopped (" + e + "); first requests may be slower";
        }
        return "warmed up " + String.join(" and ", warmed) + " with " + warmUp.requests + " requests in "
                + (System.nanoTime() - started) / 1_000_000 + " ms";
    }

    private void gateway(WebSocketApi api, GatewayConfig config, TrustManager[] trust, FunctionPool runtime)
            throws Exception {
        var postBack = new AtomicReference<ApiGatewayManagementApiClient>();
        FunctionInvoker integrations = (function, eventJson) -> answer(eventJson, postBack.get(), runtime);
        var twin = new GatewayServer(api, integrations, config.withBindAddress("127.0.0.1").withPort(0).withTlsPort(0)
                .withConsole(line -> { }));
        try (twin; SdkHttpClient plain = UrlConnectionHttpClient.create();
                ApiGatewayManagementApiClient overHttp = managementApi(twin.start().connectionsUrl(), plain)) {
            SdkHttpClient tls = null;
            // Shut down, not closed: close() waits for every WebSocket to end, and a visit that failed half-way has
            // aborted its own, but nothing here may wait on a twin that stopped answering.
            HttpClient webSockets = HttpClient.newHttpClient();
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    checkInterrupted();
                    if (round % NEW_TLS_CLIENT_EVERY == 0 && twin.secureConnectionsUrl() != null) {
                        close(postBack.get(), tls);
                        // A new HTTP client has its own SSL socket factory, so its first post makes a new TLS
                        // connection (a full handshake) instead of taking a kept-alive one.
                        tls = UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trust).build();
                        postBack.set(managementApi(twin.secureConnectionsUrl(), tls));
                    }
                    chat(webSockets, twin.webSocketUrl());
                    gone(overHttp);
                    if (postBack.get() != null) {
                        gone(postBack.get());
                    }
                }
                if (twin.secureConnectionsUrl() != null && trust != null) {
                    tlsHandshakes = TlsServerWarmUp.run(twin.secureConnectionsUrl(), trust);
                }
            } finally {
                webSockets.shutdownNow();
                close(postBack.get(), tls);
            }
        }
    }

    /**
     * The twin's integrations: every route invokes the warm-up function; each of the visit's sendMessage frames is first
     * posted back to its sender through @connections, as sendMessage does, whatever route the API picked for it (an
     * app with other routes sends it to $default). The unmatched frame gets no post: its sender is already closing,
     * and the post would answer 410.
     */
    private Invocation answer(String eventJson, ApiGatewayManagementApiClient postBack, FunctionPool runtime) {
        try {
            JsonNode event = JSON.readTree(eventJson);
            JsonNode context = event.path("requestContext");
            if ("MESSAGE".equals(context.path("eventType").asText()) && postBack != null
                    && SEND_ACTION.equals(action(event.path("body").asText()))) {
                postBack.postToConnection(b -> b.connectionId(context.path("connectionId").asText())
                        .data(SdkBytes.fromUtf8String("{\"type\":\"warm-up\"}")));
            }
        } catch (IOException | RuntimeException e) {
            return new Invocation(UUID.randomUUID().toString(), Invocation.Outcome.FUNCTION_ERROR,
                    "{\"errorMessage\":\"warm-up\",\"errorType\":\"WarmUp\"}");
        }
        Invocation invocation = runtime.invoke(FUNCTION, eventJson);
        if (invocation.succeeded()) {
            invocations.incrementAndGet();
        }
        return invocation;
    }

    /** The {@code action} of a frame that is a JSON object, else null. */
    private static String action(String frame) {
        try {
            JsonNode node = JSON.readTree(frame);
            return node != null && node.path("action").isTextual() ? node.path("action").asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /**
     * The warm-up function's package in {@code workDir}: {@link NoOpFunction}'s class file copied out of this jar into
     * target/classes, and an empty target/dependency, laid out as a template function's Maven build.
     */
    static LambdaFunction function(Path workDir) throws IOException {
        Path codeUri = workDir.resolve("warm-up-function");
        String resource = NoOpFunction.class.getName().replace('.', '/') + ".class";
        Path classFile = codeUri.resolve("target").resolve("classes").resolve(resource);
        Files.createDirectories(classFile.getParent());
        Files.createDirectories(codeUri.resolve("target").resolve("dependency"));
        try (InputStream in = NoOpFunction.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the gateway's class path");
            }
            Files.copy(in, classFile, StandardCopyOption.REPLACE_EXISTING);
        }
        // The template's functions' shape: java25, SnapStart, 512 MB, 10 s, JSON logs.
        return new LambdaFunction(FUNCTION, "webchat-local-warm-up", codeUri,
                NoOpFunction.class.getName() + "::handleRequest", "java25", Map.of(), 512, 10, "JSON", "INFO")
                .withSnapStart(true);
    }

    /**
     * The template functions' settings with a console that prints nothing, one environment (the twin's visits take
     * turns, and no reserve environment is prepared), and {@code -Xshare:auto}, the JVM's default, given explicitly so
     * that the pool writes no class data archive for a function that runs once.
     */
    private static LambdaConfig quiet(LambdaConfig lambda) {
        List<String> options = new ArrayList<>(lambda.extraJvmOptions());
        options.add("-Xshare:auto");
        return lambda.withConsole(line -> { }).withMaxEnvironmentsPerFunction(1).withExtraJvmOptions(options);
    }

    /** A client's visit: connect, messages on the sendMessage route (each posted back), one no route matches, close. */
    private void chat(HttpClient webSockets, URI stage) throws Exception {
        var received = new LinkedBlockingQueue<String>();
        WebSocket socket = webSockets.newWebSocketBuilder().buildAsync(URI.create(stage + "?name=Warm-up"),
                new WebSocket.Listener() {
                    private final StringBuilder frame = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        frame.append(data);
                        if (last) {
                            received.add(frame.toString());
                            frame.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            for (int i = 0; i < MESSAGES_PER_CONNECTION; i++) {
                socket.sendText("{\"action\":\"" + SEND_ACTION + "\",\"data\":\"warm-up " + i + "\"}", true)
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS) == null) {
                    throw new IOException("the twin gateway did not deliver a warm-up message");
                }
            }
            socket.sendText("{\"action\":\"no-such-route\"}", true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            socket.abort();
            throw e;
        }
        requests += MESSAGES_PER_CONNECTION + 2;
    }

    private void dynamoDb(URI endpoint) throws InterruptedException {
        try (DynamoDbClient client = TableCreator.localClient(endpoint, region)) {
            deleteTable(client);
            client.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("connectionId").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("connectionId")
                            .attributeType(ScalarAttributeType.S).build()));
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    dynamoDbRound(client, round);
                }
            } finally {
                deleteTable(client);
            }
        }
    }

    /** What the functions do to their table: put, conditional updates (one failing), get, scan, delete. */
    private void dynamoDbRound(DynamoDbClient client, int round) throws InterruptedException {
        checkInterrupted();
        Map<String, AttributeValue> key = Map.of("connectionId", AttributeValue.fromS("warm-up-" + round));
        client.putItem(b -> b.tableName(TABLE).item(Map.of("connectionId", key.get("connectionId"),
                "name", AttributeValue.fromS("Warm-up"), "connectedAt", AttributeValue.fromN(Long.toString(round)))));
        client.updateItem(b -> b.tableName(TABLE).key(key).updateExpression("SET sentInWindow = :one")
                .conditionExpression("attribute_exists(connectionId)")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        try {
            client.updateItem(b -> b.tableName(TABLE).key(key).updateExpression("SET sentInWindow = :one")
                    .conditionExpression("attribute_not_exists(connectionId)")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        } catch (ConditionalCheckFailedException expected) {
            // the answer a sender's first message in a window gets
        }
        client.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true));
        client.scan(b -> b.tableName(TABLE).projectionExpression("connectionId, #n, connectedAt")
                .expressionAttributeNames(Map.of("#n", "name")));
        client.deleteItem(b -> b.tableName(TABLE).key(key).conditionExpression("connectedAt < :cutoff")
                .expressionAttributeValues(Map.of(":cutoff", AttributeValue.fromN(Long.toString(round + 1)))));
        requests += 6;
    }

    private static void deleteTable(DynamoDbClient client) {
        try {
            client.deleteTable(b -> b.tableName(TABLE));
        } catch (ResourceNotFoundException absent) {
            // nothing left from an earlier start
        }
    }

    /** A post, a get and a delete for a connection that does not exist: each is answered 410 Gone. */
    private void gone(ApiGatewayManagementApiClient api) {
        try {
            api.postToConnection(b -> b.connectionId(NO_SUCH_CONNECTION).data(SdkBytes.fromUtf8String("warm-up")));
        } catch (GoneException expected) {
            requests++;
        }
        try {
            api.getConnection(b -> b.connectionId(NO_SUCH_CONNECTION));
        } catch (GoneException expected) {
            requests++;
        }
        try {
            api.deleteConnection(b -> b.connectionId(NO_SUCH_CONNECTION));
        } catch (GoneException expected) {
            requests++;
        }
    }

    private ApiGatewayManagementApiClient managementApi(URI endpoint, SdkHttpClient http) {
        return ApiGatewayManagementApiClient.builder()
                .httpClient(http)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(endpoint)
                .build();
    }

    private static void close(AutoCloseable... closeables) {
        for (AutoCloseable closeable : closeables) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // a warm-up client that fails to close holds nothing of the user's
                }
            }
        }
    }

    private static void checkInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("the start was stopped");
        }
    }
}
