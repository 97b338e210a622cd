package webchat.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Lambda Runtime API for one execution environment, on 127.0.0.1 and an ephemeral port: the runtime interface
 * client long-polls {@code /next} and posts each invocation's response or error back.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Using the Lambda runtime API</a>
 */
final class RuntimeApiServer implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";
    private static final String SHUTTING_DOWN =
            "{\"errorMessage\":\"The environment is shutting down\",\"errorType\":\"Shutdown\"}";

    static {
        // Without TCP_NODELAY each small response waits ~40 ms for delayed ACKs. Read once, by the first HttpServer.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** What the server asks of its execution environment. */
    interface Runtime {
        /** Blocks until the next invocation is ready for this environment. */
        Delivery next() throws InterruptedException;

        /** @return false when the request id is not the invocation in flight */
        boolean response(String requestId, byte[] body);

        /** @return false when the request id is not the invocation in flight */
        boolean error(String requestId, byte[] body, String errorType);

        void initError(byte[] body, String errorType);
    }

    /**
     * SnapStart's restore calls, made only by a runtime started with AWS_LAMBDA_INITIALIZATION_TYPE=snap-start.
     *
     * @see SnapStart
     */
    interface Restore {
        /** Blocks at the snapshot point until the environment is restored; then the runtime runs afterRestore. */
        void restoreNext() throws InterruptedException;

        void restoreError(byte[] body, String errorType);
    }

    /** One invocation as {@code /next} hands it out. */
    record Delivery(String requestId, byte[] event, long deadlineEpochMs, String functionArn, String traceId) {}

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Runtime runtime;
    private final Restore restore;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private RuntimeApiServer(HttpServer server, Runtime runtime, Restore restore) {
        this.server = server;
        this.runtime = runtime;
        this.restore = restore;
    }

    static RuntimeApiServer start(Runtime runtime) throws IOException {
        return start(runtime, null);
    }

    /** @param restore SnapStart's restore calls, or null for an on-demand environment (they answer 404) */
    static RuntimeApiServer start(Runtime runtime, Restore restore) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RuntimeApiServer api = new RuntimeApiServer(server, runtime, restore);
        server.setExecutor(api.handlers);
        server.createContext(PREFIX, api::handle);
        server.start();
        return api;
    }

    /** The value of AWS_LAMBDA_RUNTIME_API: {@code 127.0.0.1:port}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        handlers.shutdownNow();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            String[] parts = path.split("/");
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (restore != null && path.startsWith("restore/")) {
                restore(exchange, method, path);
            } else if (method.equals("POST") && path.equals("init/error")) {
                runtime.initError(body(exchange), errorType(exchange));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && parts.length == 3 && parts[0].equals("invocation")
                    && (parts[2].equals("response") || parts[2].equals("error"))) {
                byte[] body = body(exchange);
                boolean known = parts[2].equals("response")
                        ? runtime.response(parts[1], body)
                        : runtime.error(parts[1], body, errorType(exchange));
                if (known) {
                    send(exchange, 202, "{\"status\":\"OK\"}");
                } else {
                    send(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
                }
            } else {
                send(exchange, 404, "{\"errorMessage\":\"Unknown runtime API path\",\"errorType\":\"NotFound\"}");
            }
        }
    }

    private void restore(HttpExchange exchange, String method, String path) throws IOException {
        if (method.equals("GET") && path.equals("restore/next")) {
            try {
                restore.restoreNext();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(exchange, 500, SHUTTING_DOWN);
                return;
            }
            send(exchange, 200, "{}");
        } else if (method.equals("POST") && path.equals("restore/error")) {
            restore.restoreError(body(exchange), errorType(exchange));
            send(exchange, 202, "{\"status\":\"OK\"}");
        } else {
            send(exchange, 404, "{\"errorMessage\":\"Unknown runtime API path\",\"errorType\":\"NotFound\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Delivery delivery;
        try {
            delivery = runtime.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 500, "{\"errorMessage\":\"The environment is shutting down\",\"errorType\":\"Shutdown\"}");
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", delivery.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(delivery.deadlineEpochMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", delivery.functionArn());
        headers.set("Lambda-Runtime-Trace-Id", delivery.traceId());
        exchange.sendResponseHeaders(200, delivery.event().length == 0 ? -1 : delivery.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(delivery.event());
        }
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static String errorType(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
