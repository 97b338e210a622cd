package webchat.connect;

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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * What priming runs against instead of AWS: a stand-in for the DynamoDB and @connections HTTP APIs on 127.0.0.1 inside
 * this JVM (every DynamoDB call succeeds, with the CRC32 header DynamoDB sends; a Scan finds one connection named Ana;
 * every post is accepted but those to {@link #GONE_CONNECTION}, answered 410 as a closed connection's are), the Lambda
 * runtime's own invocation code, with a logger that drops every line. No request leaves the JVM.
 * Its pooled keep-alive connections are never reused after restore (they name the stand-in's port) and the JDK's
 * keep-alive cleaner closes them.
 */
final class OfflineAws implements AutoCloseable {

    /** A connection id @connections answers 410 Gone for, as it does once the client has gone. */
    static final String GONE_CONNECTION = "R29uZVByaW1pbmc=";

    private static final String SCAN_RESULT = "{\"Count\":1,\"ScannedCount\":1,\"Items\":[{\"connectionId\":"
            + "{\"S\":\"UHJpbWluZw==\"},\"name\":{\"S\":\"Ana\"},\"connectedAt\":{\"N\":\"1764104929012\"}}]}";

    /** The system property the runtime sets to each invocation's trace header (AWSLambda.LAMBDA_TRACE_HEADER_PROP). */
    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String PRIMING_TRACE = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;"
            + "Sampled=0";

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private OfflineAws(HttpServer server) {
        this.server = server;
    }

    static OfflineAws start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OfflineAws aws = new OfflineAws(server);
        server.createContext("/", aws::answer);
        server.start();
        return aws;
    }

    /** The endpoint of every stand-in API: {@code http://127.0.0.1:PORT}. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What the stand-in was asked, in order: a DynamoDB operation ({@code PutItem}) or {@code POST /path}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
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
     * The client half of a TLS handshake, in memory: real calls go over HTTPS (on AWS, and to the local gateway's
     * @connections port) while the stand-in speaks plain HTTP. Initialises the default SSLContext (its trust store
     * parsed), and produces a ClientHello with its key shares, without a server and without a socket.
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
            exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    : target.substring(target.indexOf('.') + 1);
            requests.add(operation);
            var headers = exchange.getResponseHeaders();
            headers.set("x-amzn-RequestId", "priming");
            byte[] body;
            int status = 200;
            if (target != null) {
                body = (operation.equals("Scan") ? SCAN_RESULT : "{}").getBytes(StandardCharsets.UTF_8);
                headers.set("Content-Type", "application/x-amz-json-1.0");
                // DynamoDB sends the CRC32 of its response body in x-amz-crc32, which the SDK checks as it reads the
                // body (SDK for Java v2: sdk-core's Crc32Validation, which the DynamoDB client turns on; SDK for Go v2:
                // service/dynamodb/internal/customizations); dynalite sends it too. Without it here, the first
                // real answer after a restore would load and interpret that check.
                var crc32 = new CRC32();
                crc32.update(body);
                headers.set("x-amz-crc32", Long.toString(crc32.getValue()));
            } else if (exchange.getRequestURI().getPath().endsWith("/" + GONE_CONNECTION)) {
                // @connections' answer for a connection that has closed, as the local gateway gives it too.
                status = 410;
                body = "{\"message\":null}".getBytes(StandardCharsets.UTF_8);
                headers.set("Content-Type", "application/json");
                headers.set("x-amzn-ErrorType", "GoneException");
            } else {
                body = new byte[0];
                headers.set("Content-Type", "application/json");
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
