package webchat.connect;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
 * every post is accepted but those to {@link #GONE_CONNECTION}, answered 410 as a closed connection's are), a Lambda
 * context whose logger drops every line, and the Lambda runtime's own event serializers. No request leaves the JVM.
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
    private static final String EVENT_SERIALIZERS =
            "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers";

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

    /**
     * One invocation as the Lambda Java runtime makes it: the event deserialized from bytes and the response
     * serialized back by the runtime's own serializers (aws-lambda-java-serialization, on the runtime's class path;
     * the runtime interface client's EventHandlerLoader uses them for the events it knows), with an X-Ray trace header
     * set as the runtime sets it for each invocation, so the SDK's trace interceptor runs too.
     */
    static void invoke(RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> handler,
            String eventJson, String requestId) throws Exception {
        String previousTrace = System.getProperty(TRACE_PROPERTY);
        System.setProperty(TRACE_PROPERTY, PRIMING_TRACE);
        try {
            APIGatewayV2WebSocketEvent event = (APIGatewayV2WebSocketEvent) serializer(APIGatewayV2WebSocketEvent.class)
                    .fromJson(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)));
            serializer(APIGatewayV2WebSocketResponse.class)
                    .toJson(handler.handleRequest(event, context(requestId)), OutputStream.nullOutputStream());
        } finally {
            if (previousTrace == null) {
                System.clearProperty(TRACE_PROPERTY);
            } else {
                System.setProperty(TRACE_PROPERTY, previousTrace);
            }
        }
    }

    /** The runtime's serializer of one event class, reached by reflection: the runtime provides it, not the package. */
    private static Serializer serializer(Class<?> type) throws ReflectiveOperationException {
        ClassLoader loader = OfflineAws.class.getClassLoader();
        Object serializer = Class.forName(EVENT_SERIALIZERS, true, loader)
                .getMethod("serializerFor", Class.class, ClassLoader.class).invoke(null, type, loader);
        Class<?> pojoSerializer = Class.forName("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
                true, loader);
        Method fromJson = pojoSerializer.getMethod("fromJson", InputStream.class);
        Method toJson = pojoSerializer.getMethod("toJson", Object.class, OutputStream.class);
        return new Serializer() {
            public Object fromJson(InputStream in) throws Exception {
                return call(fromJson, serializer, in);
            }

            public void toJson(Object value, OutputStream out) throws Exception {
                call(toJson, serializer, value, out);
            }
        };
    }

    private interface Serializer {
        Object fromJson(InputStream in) throws Exception;

        void toJson(Object value, OutputStream out) throws Exception;
    }

    private static Object call(Method method, Object target, Object... args) throws Exception {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
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

    /** The logger of every priming invocation's context, made once. */
    private static final LambdaLogger LOGGER = PrimingLogger.create();

    /**
     * A Lambda context for one priming invocation; its logger formats each line as the runtime's logger does and then
     * drops it ({@link PrimingLogger}).
     */
    static Context context(String requestId) {
        return new Context() {
            public String getAwsRequestId() { return requestId; }
            public String getLogGroupName() { return "priming"; }
            public String getLogStreamName() { return "priming"; }
            public String getFunctionName() { return "priming"; }
            public String getFunctionVersion() { return "priming"; }
            public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:priming"; }
            public CognitoIdentity getIdentity() { return null; }
            public ClientContext getClientContext() { return null; }
            public int getRemainingTimeInMillis() { return 10_000; }
            public int getMemoryLimitInMB() { return 512; }
            public LambdaLogger getLogger() { return LOGGER; }
        };
    }

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
