package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webchat.local.gateway.Fixtures.CONNECT;
import static webchat.local.gateway.Fixtures.DISCONNECT;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import webchat.local.lambda.Invocation;

/**
 * The ends of a connection the client does not end cleanly: a reset while $connect runs, a client that stops
 * reading, and what the console says when $disconnect fails.
 */
class ConnectionLifecycleTest {

    private final RecordingInvoker functions = new RecordingInvoker();
    private final HttpClient http = HttpClient.newHttpClient();
    private GatewayServer gateway;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        http.shutdownNow();
    }

    private void start() throws Exception {
        gateway = new GatewayServer(Fixtures.chatApi(), functions, Fixtures.quietConfig()).start();
    }

    @Test
    void aResetDuringConnectEndsInDisconnectWith1006AndTheIdIsForgotten() throws Exception {
        // given a $connect that takes 400 ms
        start();
        functions.answer(CONNECT, event -> {
            sleep(400);
            return RecordingInvoker.success("{\"statusCode\":200}");
        });

        // when the client resets its TCP connection 100 ms into $connect
        try (Socket client = sendUpgrade()) {
            Thread.sleep(100);
            client.setSoLinger(true, 0);
        }
        var id = functions.take(CONNECT).connectionId();

        // then $disconnect runs with 1006, @connections says gone, and the gateway holds nothing
        var disconnect = functions.take(DISCONNECT);
        assertEquals(id, disconnect.connectionId());
        assertEquals(1006, disconnect.context().path("disconnectStatusCode").intValue());
        assertTrue(gateway.awaitDisconnected(id, Duration.ofSeconds(5)));
        assertEquals(Set.of(), gateway.connectionIds());
        assertEquals(410, request("GET", id, new byte[0]));
        assertTrue(Fixtures.CONSOLE.stream().anyMatch(l -> l.startsWith("HANDSHAKE") && l.contains(id)));
    }

    @Test
    void shutdownRunsTheDisconnectOfAnAcceptedIdWithoutASocketAndDoesNotWaitForIt() throws Exception {
        // given a client that reset during a $connect which then accepted it
        start();
        functions.answer(CONNECT, event -> {
            sleep(300);
            return RecordingInvoker.success("{\"statusCode\":200}");
        });
        try (Socket client = sendUpgrade()) {
            Thread.sleep(100);
            client.setSoLinger(true, 0);
        }
        var id = functions.take(CONNECT).connectionId();
        Thread.sleep(600);

        // when the gateway stops before the handshake timeout
        long started = System.nanoTime();
        gateway.close();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        gateway = null;

        // then the id got its $disconnect and shutdown did not wait on it
        assertEquals(id, functions.take(DISCONNECT).connectionId());
        assertTrue(tookMs < 2000, "shutdown took " + tookMs + " ms");
    }

    @Test
    void aClientThatStopsReadingIsClosedWith1001AndPostsToItAnswerPromptly() throws Exception {
        // given a client that completed its upgrade and never reads
        start();
        Socket silent = sendUpgrade(4096);
        var id = functions.take(CONNECT).connectionId();
        awaitOpen(id);

        // when a backend posts 128 KB messages to it until the gateway answers 410
        byte[] body = "z".repeat(128 * 1024).getBytes(StandardCharsets.UTF_8);
        long slowestMs = 0;
        int status = 200;
        for (int i = 0; i < 400 && status == 200; i++) {
            long started = System.nanoTime();
            status = request("POST", id, body);
            slowestMs = Math.max(slowestMs, (System.nanoTime() - started) / 1_000_000);
        }

        // then the connection was closed with 1001 and its $disconnect ran, and no POST waited on the client
        assertEquals(410, status);
        var disconnect = functions.take(DISCONNECT);
        assertEquals(id, disconnect.connectionId());
        assertEquals(1001, disconnect.context().path("disconnectStatusCode").intValue());
        // (a POST that waited for the client would take the 10 s send timeout; 3 s leaves room for a loaded machine)
        assertTrue(slowestMs < 3000, "a POST took " + slowestMs + " ms");
        assertTrue(Fixtures.CONSOLE.stream().anyMatch(l -> l.startsWith("SLOW") && l.contains(id)));
        silent.close();
    }

    @Test
    void aDisconnectThatReturns500IsShownAsSuchNotAsOk() throws Exception {
        // given a $disconnect that answers statusCode 500
        start();
        functions.answer(DISCONNECT, event -> RecordingInvoker.success("{\"statusCode\":500}"));
        var client = TestClient.connect(gateway.webSocketUrl());
        var id = functions.take(CONNECT).connectionId();

        // when the client closes
        client.socket().sendClose(1000, "bye").join();
        assertTrue(gateway.awaitDisconnected(id, Duration.ofSeconds(10)));

        // then the console line says 500
        var line = Fixtures.CONSOLE.stream().filter(l -> l.startsWith("DISCONNECT") && l.contains(id)).findFirst()
                .orElseThrow();
        assertTrue(line.contains("-> 500"), line);
    }

    @Test
    void aFailedInvocationIsNeverShownAsOk() {
        assertEquals("ok", ApiStage.result(RecordingInvoker.success("{\"statusCode\":200}")));
        assertEquals("ok", ApiStage.result(RecordingInvoker.success("null")));
        assertTrue(ApiStage.result(RecordingInvoker.success("{\"statusCode\":500}")).startsWith("500"));
        assertEquals("failed (TIMEOUT)", ApiStage.result(RecordingInvoker.failure(Invocation.Outcome.TIMEOUT)));
    }

    private void awaitOpen(String id) throws InterruptedException {
        for (int i = 0; i < 100 && !gateway.connectionIds().contains(id); i++) {
            Thread.sleep(20);
        }
        assertTrue(gateway.connectionIds().contains(id));
    }

    private Socket sendUpgrade() throws IOException {
        return sendUpgrade(65536);
    }

    private Socket sendUpgrade(int receiveBuffer) throws IOException {
        var url = gateway.webSocketUrl();
        var socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()));
        var request = "GET " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private int request(String method, String id, byte[] body) throws Exception {
        var url = URI.create(gateway.connectionsUrl() + "/@connections/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(SignedRequests.signed(method, url, body), (name, value) -> true)
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
