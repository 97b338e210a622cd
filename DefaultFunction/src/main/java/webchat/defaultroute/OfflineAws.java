package webchat.defaultroute;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;

/**
 * What priming runs against instead of AWS: a stand-in for the @connections API over TLS on 127.0.0.1 inside this JVM
 * ({@link LoopbackConnections}: every post is accepted but those to {@link #GONE_CONNECTION}, answered 410 as a closed
 * connection's are; $default makes no other API call), a Lambda context whose logger drops every line, and the Lambda
 * runtime's own event serializers. No request leaves the JVM. Its pooled keep-alive connections are never reused after
 * restore (they name the stand-in's port) and the JDK's keep-alive cleaner closes them.
 */
final class OfflineAws implements AutoCloseable {

    /** A connection id @connections answers 410 Gone for, as it does once the client has gone. */
    static final String GONE_CONNECTION = "R29uZVByaW1pbmc=";

    /** The system property the runtime sets to each invocation's trace header (AWSLambda.LAMBDA_TRACE_HEADER_PROP). */
    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String PRIMING_TRACE = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;"
            + "Sampled=0";
    private static final String EVENT_SERIALIZERS =
            "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers";

    private final LoopbackTls tls;
    private final LoopbackConnections connections;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private OfflineAws(LoopbackTls tls) throws IOException, GeneralSecurityException {
        this.tls = tls;
        // @connections over TLS, as on AWS and locally, and every other answer closes its connection: a restored
        // environment's first post opens a new TLS connection over a socket (HttpsURLConnection, SSLSocket), whose
        // code then has run, not only the handshakes in memory.
        this.connections = LoopbackConnections.start(tls, this::post, 2);
    }

    static OfflineAws start() throws IOException, GeneralSecurityException {
        return new OfflineAws(LoopbackTls.create());
    }

    /** The stand-in @connections endpoint: {@code https://127.0.0.1:PORT} ({@link LoopbackConnections}). */
    URI connectionsEndpoint() {
        return connections.endpoint();
    }

    /** Trust managers that accept the @connections stand-in's certificate and no other. */
    TrustManager[] connectionsTrust() throws GeneralSecurityException {
        return tls.trustManagers();
    }

    /** How many connections the clients opened to the @connections stand-in. */
    int connectionsApiConnections() {
        return connections.connectionsAccepted();
    }

    /** Records a post; false when it is for the gone sender, whose post @connections answers 410. */
    private boolean post(String request) {
        requests.add(request);
        return !request.endsWith("/" + URLEncoder.encode(GONE_CONNECTION, StandardCharsets.UTF_8));
    }

    /** What the stand-in was asked, in order: {@code POST /path} (the path as sent). */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() throws IOException {
        connections.close();
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
     * The client half of a TLS handshake with the default SSLContext, in memory: priming's own client trusts only the
     * stand-in's certificate, while the serving client verifies real ones (on AWS, and the local gateway's
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

    /** A Lambda context for one priming invocation; its logger drops every line. */
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
            public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    public void log(String message) { }
                    public void log(byte[] message) { }
                };
            }
        };
    }
}
