package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import webchat.local.lambda.RuntimeApiServer.Delivery;

/** The Runtime API's HTTP contract, against a scripted environment instead of a function JVM. */
class RuntimeApiServerTest {

    private static final String REQUEST_ID = "5a7e2f0e-8f4c-4f4e-9a3e-1b2c3d4e5f60";

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private RuntimeApiServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = RuntimeApiServer.start(new RuntimeApiServer.Runtime() {
            @Override
            public Delivery next() {
                return new Delivery(REQUEST_ID, "{\"body\":\"hi\"}".getBytes(StandardCharsets.UTF_8), 1_700_000_003_000L,
                        "arn:aws:lambda:us-east-1:123456789012:function:f", "Root=1-abc;Sampled=0");
            }

            @Override
            public boolean response(String requestId, byte[] body) {
                calls.add("response " + requestId + " " + new String(body, StandardCharsets.UTF_8));
                return requestId.equals(REQUEST_ID);
            }

            @Override
            public boolean error(String requestId, byte[] body, String errorType) {
                calls.add("error " + requestId + " " + errorType);
                return requestId.equals(REQUEST_ID);
            }

            @Override
            public void initError(byte[] body, String errorType) {
                calls.add("init " + errorType + " " + new String(body, StandardCharsets.UTF_8));
            }
        });
    }

    @AfterEach
    void stopServer() {
        server.close();
        http.close();
    }

    @Test
    void nextHandsOutTheEventWithTheHeadersTheRuntimeClientReads() throws Exception {
        HttpResponse<byte[]> next = http.send(request("invocation/next").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertAll(
                () -> assertEquals(200, next.statusCode()),
                () -> assertArrayEquals("{\"body\":\"hi\"}".getBytes(StandardCharsets.UTF_8), next.body()),
                () -> assertEquals(REQUEST_ID, next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow()),
                () -> assertEquals("1700000003000", next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow()),
                () -> assertEquals("arn:aws:lambda:us-east-1:123456789012:function:f",
                        next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElseThrow()),
                () -> assertEquals("Root=1-abc;Sampled=0",
                        next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow()));
    }

    @Test
    void responsesErrorsAndInitErrorsAreAcceptedWith202() throws Exception {
        assertEquals(202, post("invocation/" + REQUEST_ID + "/response", "{\"ok\":true}", null));
        assertEquals(202, post("invocation/" + REQUEST_ID + "/error", "{}", "Runtime.Unknown"));
        assertEquals(202, post("init/error", "{\"errorMessage\":\"no\"}", "Runtime.BadFunctionCode"));

        assertEquals(List.of("response " + REQUEST_ID + " {\"ok\":true}", "error " + REQUEST_ID + " Runtime.Unknown",
                "init Runtime.BadFunctionCode {\"errorMessage\":\"no\"}"), calls);
    }

    @Test
    void aResponseForARequestThatIsNotInFlightIsRefused() throws Exception {
        assertEquals(400, post("invocation/another-id/response", "{}", null));
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        assertEquals(404, post("invocation/" + REQUEST_ID + "/other", "{}", null));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + server.address() + RuntimeApiServer.PREFIX + path));
    }

    private int post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            request.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
