package webchat.disconnect;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What priming runs against instead of AWS: a stand-in for the DynamoDB and @connections HTTP APIs on 127.0.0.1 inside
 * this JVM (every DynamoDB call succeeds, a Scan finds one connection named Ana, every post is accepted), a Lambda
 * context whose logger drops every line, and the Lambda runtime's own event deserializer. Nothing leaves the JVM.
 */
final class OfflineAws implements AutoCloseable {

    private static final String SCAN_RESULT = "{\"Count\":1,\"ScannedCount\":1,\"Items\":[{\"connectionId\":"
            + "{\"S\":\"UHJpbWluZw==\"},\"name\":{\"S\":\"Ana\"},\"connectedAt\":{\"N\":\"1764104929012\"}}]}";

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
     * The event as the Lambda Java runtime hands it to the handler: parsed by the runtime's own serializer
     * (aws-lambda-java-serialization, on the runtime's class path, as the runtime interface client's
     * EventHandlerLoader uses it for the events it knows), so its classes are loaded too.
     */
    static APIGatewayV2WebSocketEvent event(String json) throws Exception {
        try {
            return parse(json);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static APIGatewayV2WebSocketEvent parse(String json) throws ReflectiveOperationException {
        ClassLoader loader = OfflineAws.class.getClassLoader();
        Object serializer = Class.forName(
                        "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers", true, loader)
                .getMethod("serializerFor", Class.class, ClassLoader.class)
                .invoke(null, APIGatewayV2WebSocketEvent.class, loader);
        return (APIGatewayV2WebSocketEvent) Class.forName(
                        "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer", true, loader)
                .getMethod("fromJson", String.class).invoke(serializer, json);
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

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    : target.substring(target.indexOf('.') + 1);
            requests.add(operation);
            byte[] body = (operation.equals("Scan") ? SCAN_RESULT : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "priming");
            // No keep-alive: the snapshot must not hold pooled connections to a server that is gone after restore.
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
