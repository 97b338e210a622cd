package webchat.sendmessage;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;

/**
 * What priming runs against instead of AWS: a stand-in for the DynamoDB (HTTP) and @connections (HTTPS) APIs on
 * 127.0.0.1 inside this JVM, answering as AWS does on a chat's everyday paths (every other rate-limit count fails its
 * condition as a sender's first message in a window does, other DynamoDB calls succeed, each answer with DynamoDB's
 * CRC32 header; a Scan finds priming's sender, a connection that has gone and as many others as asked; every post is
 * accepted but the gone connection's, answered 410), and the Lambda runtime's own invocation code, with a logger that
 * drops every line. No request leaves the JVM.
 * Its pooled keep-alive connections are never reused after restore (they name the stand-in's port) and the JDK's
 * keep-alive cleaner closes them.
 */
final class OfflineAws implements AutoCloseable {

    /**
     * A recipient in priming's Scan that has gone: @connections answers its post 410 (as it does once a client has
     * closed), and the broadcast prunes its row. Shaped like API Gateway's ids.
     */
    static final String GONE_CONNECTION = "R29uZVByaW1pbmc=";

    /**
     * In the broadcast warm-up, one @connections answer in this many closes its connection (Connection: close). With
     * every connection kept, the first real post after a restore, which always opens a new connection, deoptimised
     * ("unstable_if" and "null_check" traps, -Xlog:deoptimization) the compiled code of HttpURLConnection's connect,
     * checkReuseConnection, streaming, KeepAliveCache and NetworkClient.setReadTimeout, and ran them interpreted. 250
     * opens about two connections per warm-up invocation of 500 posts, and the JIT still settles in about the same
     * time (32-38 s in a start on two cores, against 31-34 s without).
     */
    static final int WARM_UP_CLOSE_EVERY = 250;

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
    /** DynamoDB's answer when a condition fails (HTTP 400). */
    private static final byte[] CONDITION_FAILED = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810"
            + "#ConditionalCheckFailedException\",\"message\":\"The conditional request failed\"}")
            .getBytes(StandardCharsets.UTF_8);

    /** The system property the runtime sets to each invocation's trace header (AWSLambda.LAMBDA_TRACE_HEADER_PROP). */
    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String PRIMING_TRACE = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;"
            + "Sampled=0";

    private final HttpServer dynamoDb;
    private final LoopbackTls tls;
    private final LoopbackConnections connections;
    private final byte[] scanResult;
    private final boolean recording;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong countUpdates = new AtomicLong();
    private final AtomicLong dynamoDbAnswers = new AtomicLong();
    private final Set<Integer> dynamoDbClientPorts = ConcurrentHashMap.newKeySet();

    private OfflineAws(int recipients, boolean recording) throws IOException, GeneralSecurityException {
        this.scanResult = scanResult(recipients);
        this.recording = recording;
        this.tls = LoopbackTls.create();
        // @connections over TLS, as on AWS and locally: posts then run the HttpsURLConnection and TLS record code
        // that every real post runs, so the JIT compiles it before the snapshot. While recording (priming's
        // invocations) every other answer closes its connection: a restored environment's first post opens a new one,
        // over a socket. The broadcast warm-up's posts reuse their connections, as a broadcast's do, but one answer in
        // WARM_UP_CLOSE_EVERY closes its connection too, so that C2, which compiles the post path from the warm-up's
        // profile, compiles HttpURLConnection's new-connection branches as well instead of leaving them as traps.
        this.connections = LoopbackConnections.start(tls, this::post, recording ? 2 : WARM_UP_CLOSE_EVERY);
        try {
            this.dynamoDb = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException | RuntimeException e) {
            connections.close();
            throw e;
        }
    }

    /** A stand-in whose Scan finds priming's sender and a connection that has gone, recording every request. */
    static OfflineAws start() throws IOException, GeneralSecurityException {
        return start(2, true);
    }

    /**
     * A stand-in whose Scan finds {@code recipients} connections (the first is priming's sender, named Ana, the second
     * {@link #GONE_CONNECTION}); {@code recording} keeps
     * the list of requests (a long warm-up only counts its posts).
     */
    static OfflineAws start(int recipients, boolean recording) throws IOException, GeneralSecurityException {
        OfflineAws aws = new OfflineAws(recipients, recording);
        aws.dynamoDb.createContext("/", aws::answer);
        aws.dynamoDb.start();
        return aws;
    }

    /** The stand-in DynamoDB endpoint: {@code http://127.0.0.1:PORT}. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + dynamoDb.getAddress().getPort());
    }

    /** The stand-in @connections endpoint: {@code https://127.0.0.1:PORT} ({@link LoopbackConnections}). */
    URI connectionsEndpoint() {
        return connections.endpoint();
    }

    /** Trust managers that accept the @connections stand-in's certificate and no other. */
    TrustManager[] connectionsTrust() throws GeneralSecurityException {
        return tls.trustManagers();
    }

    /**
     * What the stand-in was asked, in order, when recording: a DynamoDB operation ({@code PutItem}) or
     * {@code POST /path} (the path as sent).
     */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many connections the clients opened to the DynamoDB stand-in (distinct client ports), when recording. */
    int dynamoDbConnections() {
        return dynamoDbClientPorts.size();
    }

    /** How many connections the clients opened to the @connections stand-in. */
    int connectionsApiConnections() {
        return connections.connectionsAccepted();
    }

    /** How many posts to @connections the stand-in answered. */
    long posts() {
        return posts.get();
    }

    @Override
    public void close() throws IOException {
        dynamoDb.stop(0);
        connections.close();
    }

    /** Records a post; false when it is for the gone recipient, whose post @connections answers 410. */
    private boolean post(String request) {
        posts.incrementAndGet();
        if (recording) {
            requests.add(request);
        }
        return !request.endsWith("/" + URLEncoder.encode(GONE_CONNECTION, StandardCharsets.UTF_8));
    }

    /**
     * A Scan's answer listing {@code recipients} connections: the first is priming's sender, the second the gone one
     * (connected long ago, so the broadcast deletes its row), the others have ids
     * shaped like API Gateway's (11 random bytes, URL-safe base64, as the local gateway makes them too), so posts
     * percent-encode the same characters real ones do and the JIT's profile holds what real traffic holds.
     */
    private static byte[] scanResult(int recipients) {
        var random = new SecureRandom();
        var encoder = Base64.getUrlEncoder();
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < recipients; i++) {
            byte[] bytes = new byte[11];
            random.nextBytes(bytes);
            String id = switch (i) {
                case 0 -> "UHJpbWluZw==";
                case 1 -> GONE_CONNECTION;
                default -> encoder.encodeToString(bytes);
            };
            items.append(i == 0 ? "" : ",").append("{\"connectionId\":{\"S\":\"").append(id)
                    .append("\"},\"name\":{\"S\":\"Ana\"},\"connectedAt\":{\"N\":\"1764104929012\"}}");
        }
        return ("{\"Count\":" + recipients + ",\"ScannedCount\":" + recipients + ",\"Items\":[" + items + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The Lambda Java runtime's invocation code around {@code handler} ({@link RuntimeInvocations}). */
    static RuntimeInvocations runtime(RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> handler)
            throws ReflectiveOperationException {
        return RuntimeInvocations.of(handler, APIGatewayV2WebSocketEvent.class, APIGatewayV2WebSocketResponse.class);
    }

    /**
     * One invocation as the Lambda Java runtime makes it: through the runtime's own invocation code ({@code runtime}),
     * with the runtime's logger replaced by priming's ({@link PrimingLogger}: each line formatted, then dropped), and
     * with an X-Ray trace header set as the runtime sets it for each invocation (AWSLambda.setEnvVarForXrayTraceId),
     * so the SDK's trace interceptor runs too.
     */
    static void invoke(RuntimeInvocations runtime, String eventJson, String requestId) throws Exception {
        String previousTrace = System.getProperty(TRACE_PROPERTY);
        System.setProperty(TRACE_PROPERTY, PRIMING_TRACE);
        try {
            runtime.invoke(requestId, eventJson.getBytes(StandardCharsets.UTF_8), LOGGER);
        } finally {
            if (previousTrace == null) {
                System.clearProperty(TRACE_PROPERTY);
            } else {
                System.setProperty(TRACE_PROPERTY, previousTrace);
            }
        }
    }

    /**
     * The client half of a TLS handshake with the default SSLContext, in memory: priming's own posts use a client that
     * trusts the stand-in's certificate, while the serving client verifies real ones (on AWS, and the local gateway's
     * @connections port) with the default context. Initialises that context (its trust store parsed), and produces a
     * ClientHello with its key shares, without a server and without a socket.
     */
    static void primeTls() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("priming.invalid", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer clientHello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), clientHello);
        engine.closeOutbound();
    }

    /** The logger of every priming invocation, made once. */
    private static final LambdaLogger LOGGER = PrimingLogger.create();

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    : target.substring(target.indexOf('.') + 1);
            if (recording) {
                requests.add(operation);
            }
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (recording) {
                dynamoDbClientPorts.add(exchange.getRemoteAddress().getPort());
            }
            if (recording && dynamoDbAnswers.incrementAndGet() % 2 == 0) {
                // While recording (priming's invocations), every other answer closes its connection (the JDK's
                // HttpServer closes it when the answer says so): a restored environment's first DynamoDB call opens a
                // new connection, and that path then has run. Not in the broadcast warm-up: with it there, the JIT
                // did not settle within the warm-up's 45 s (compiling 50 s of it, against settling at about 32 s).
                exchange.getResponseHeaders().set("Connection", "close");
            }
            int status = 200;
            byte[] body = operation.equals("Scan") ? scanResult : EMPTY_OBJECT;
            if (request.contains(SendRateLimit.COUNT_IN_OPEN_WINDOW) && countUpdates.getAndIncrement() % 2 == 0) {
                // Every other message is its sender's first in a rate-limit window: counting it in the open window
                // fails as DynamoDB fails a condition, and SendRateLimit opens a new window.
                status = 400;
                body = CONDITION_FAILED;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            // DynamoDB sends the CRC32 of its response body in x-amz-crc32, which the SDK checks as it reads the body
            // (SDK for Java v2: sdk-core's Crc32Validation, which the DynamoDB client turns on; SDK for Go v2:
            // service/dynamodb/internal/customizations); dynalite sends it too. Without it here, the first real
            // answer after a restore would load and interpret that check.
            var crc32 = new CRC32();
            crc32.update(body);
            exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc32.getValue()));
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
