package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webchat.local.gateway.Fixtures.CONNECT;
import static webchat.local.gateway.Fixtures.DEFAULT;
import static webchat.local.gateway.Fixtures.DISCONNECT;
import static webchat.local.gateway.Fixtures.ECHO;
import static webchat.local.gateway.Fixtures.SEND_MESSAGE;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import webchat.local.lambda.Invocation;
import webchat.local.template.WebSocketApi;
import webchat.local.testing.RawWebSocket;

class WebSocketGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final RecordingInvoker functions = new RecordingInvoker();
    private GatewayServer gateway;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private GatewayServer start(WebSocketApi api, GatewayConfig config) throws Exception {
        gateway = new GatewayServer(api, functions, config).start();
        return gateway;
    }

    private GatewayServer start() throws Exception {
        return start(Fixtures.chatApi(), Fixtures.quietConfig());
    }

    @Test
    void connectRunsBeforeTheUpgradeWithTheHandshakeInTheEvent() throws Exception {
        start();

        var client = TestClient.connect(URI.create(gateway.webSocketUrl() + "?name=ann"));

        var connect = functions.take(CONNECT);
        var context = connect.context();
        assertTrue(connect.connectionId().matches("[A-Za-z0-9_-]{15}="), connect.connectionId());
        assertEquals("$connect", context.path("routeKey").textValue());
        assertEquals("CONNECT", context.path("eventType").textValue());
        assertEquals("dev", context.path("stage").textValue());
        assertEquals("a1b2c3d4e5", context.path("apiId").textValue());
        assertEquals("127.0.0.1:" + gateway.port(), context.path("domainName").textValue());
        assertEquals(context.path("domainName").textValue(), connect.event().path("headers").path("Host").textValue());
        assertEquals(context.path("requestId").textValue(), context.path("extendedRequestId").textValue());
        assertEquals("127.0.0.1", context.path("identity").path("sourceIp").textValue());
        assertEquals("gateway-test", context.path("identity").path("userAgent").textValue());
        assertEquals("ann", connect.event().path("queryStringParameters").path("name").textValue());
        assertFalse(connect.event().path("headers").has("Upgrade"), "API Gateway drops the hop-by-hop Upgrade");
        assertFalse(connect.event().path("headers").has("Connection"), "API Gateway drops the hop-by-hop Connection");
        assertEquals("https", connect.event().path("headers").path("X-Forwarded-Proto").textValue());
        assertEquals("443", connect.event().path("headers").path("X-Forwarded-Port").textValue());
        assertTrue(connect.event().path("headers").path("X-Amzn-Trace-Id").textValue()
                .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}"));
        assertTrue(connect.onVirtualThread(), "$connect must run on a virtual thread");
        assertEquals(java.util.Set.of(connect.connectionId()), gateway.connectionIds());
        client.socket().sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
    }

    @Test
    void connectAnsweringNon2xxRefusesTheHandshakeWithThatStatus() throws Exception {
        start();
        functions.answer(CONNECT, event -> RecordingInvoker.success("{\"statusCode\":401}"));

        var failure = assertThrows(ExecutionException.class, () -> TestClient.connect(gateway.webSocketUrl()));

        var handshake = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
        assertEquals(401, handshake.getResponse().statusCode());
        assertTrue(gateway.connectionIds().isEmpty());
        assertNull(functions.poll(DISCONNECT, 200), "a refused connection has no $disconnect");
    }

    @Test
    void failedConnectInvocationRefusesTheHandshakeWith502() throws Exception {
        start();
        functions.answer(CONNECT, event -> RecordingInvoker.failure(Invocation.Outcome.TIMEOUT));

        var failure = assertThrows(ExecutionException.class, () -> TestClient.connect(gateway.webSocketUrl()));

        var handshake = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
        assertEquals(502, handshake.getResponse().statusCode());
    }

    @Test
    void messageReachesTheSelectedRouteWithTheRawBody() throws Exception {
        start();
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        client.send("{\"action\":\"sendMessage\",\"data\":\"hi\"}");

        var message = functions.take(SEND_MESSAGE);
        assertEquals("{\"action\":\"sendMessage\",\"data\":\"hi\"}", message.event().path("body").textValue());
        assertEquals("sendMessage", message.context().path("routeKey").textValue());
        assertEquals("MESSAGE", message.context().path("eventType").textValue());
        assertEquals(connectionId, message.connectionId());
        assertTrue(message.context().path("messageId").isTextual());
        assertFalse(message.event().has("headers"));
        assertTrue(message.onVirtualThread());
    }

    @Test
    void messageThatIsNotJsonGoesToDefault() throws Exception {
        start();
        var client = TestClient.connect(gateway.webSocketUrl());

        client.send("hello");

        assertEquals("$default", functions.take(DEFAULT).context().path("routeKey").textValue());
    }

    @Test
    void unmatchedMessageWithoutDefaultRouteGetsForbidden() throws Exception {
        start(Fixtures.chatApiWithoutDefault(), Fixtures.quietConfig());
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        client.send("{\"action\":\"shout\"}");

        var reply = client.nextText();
        assertTrue(reply.matches("\\{\"message\": \"Forbidden\", \"connectionId\":\"" + connectionId
                + "\", \"requestId\":\"[A-Za-z0-9_=-]+\"}"), reply);
    }

    @Test
    void failedInvocationGetsInternalServerError() throws Exception {
        start();
        functions.answer(SEND_MESSAGE, event -> RecordingInvoker.failure(Invocation.Outcome.FUNCTION_ERROR));
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        client.send("{\"action\":\"sendMessage\",\"data\":\"hi\"}");

        var reply = client.nextText();
        assertTrue(reply.startsWith("{\"message\": \"Internal server error\", \"connectionId\":\"" + connectionId
                + "\", \"requestId\":\""), reply);
    }

    @Test
    void twoWayRouteBodyReachesTheCallerAndOneWayBodyIsDiscarded() throws Exception {
        start();
        functions.answer(SEND_MESSAGE, event -> RecordingInvoker.success("{\"statusCode\":200,\"body\":\"one-way\"}"));
        functions.answer(ECHO, event -> RecordingInvoker.success("{\"statusCode\":200,\"body\":\"two-way\"}"));
        var client = TestClient.connect(gateway.webSocketUrl());

        client.send("{\"action\":\"sendMessage\"}");
        client.send("{\"action\":\"echo\"}");

        assertEquals("two-way", client.nextText());
        assertNull(client.poll(100));
    }

    @Test
    void oneConnectionsMessagesRunInOrderWhileOtherConnectionsRunInParallel() throws Exception {
        start();
        var release = new CountDownLatch(1);
        functions.answer(SEND_MESSAGE, event -> {
            if (event.path("body").textValue().contains("first")) {
                await(release);
            }
            return RecordingInvoker.success("{\"statusCode\":200}");
        });
        var slow = TestClient.connect(gateway.webSocketUrl());
        var other = TestClient.connect(gateway.webSocketUrl());

        slow.send("{\"action\":\"sendMessage\",\"data\":\"first\"}");
        assertTrue(functions.take(SEND_MESSAGE).event().path("body").textValue().contains("first"));
        slow.send("{\"action\":\"sendMessage\",\"data\":\"second\"}");
        other.send("{\"action\":\"sendMessage\",\"data\":\"other\"}");

        assertTrue(functions.take(SEND_MESSAGE).event().path("body").textValue().contains("other"));
        assertNull(functions.poll(SEND_MESSAGE, 200), "the second message must wait for the first");
        release.countDown();
        assertTrue(functions.take(SEND_MESSAGE).event().path("body").textValue().contains("second"));
    }

    @Test
    void clientCloseRunsDisconnectOnceWithItsStatusAfterTheIdIsGone() throws Exception {
        start();
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        client.socket().sendClose(1000, "bye").get(10, TimeUnit.SECONDS);

        assertTrue(gateway.awaitDisconnected(connectionId, WAIT));
        var disconnect = functions.take(DISCONNECT);
        assertEquals(connectionId, disconnect.connectionId());
        assertEquals("DISCONNECT", disconnect.context().path("eventType").textValue());
        assertEquals(1000, disconnect.context().path("disconnectStatusCode").intValue());
        assertEquals("bye", disconnect.context().path("disconnectReason").textValue());
        assertEquals(4, disconnect.event().path("headers").size());
        assertFalse(gateway.connectionIds().contains(connectionId));
        assertNull(functions.poll(DISCONNECT, 200), "$disconnect runs exactly once");
    }

    @Test
    void closeFrameWithoutStatusIsReportedAs1005() throws Exception {
        start();
        try (var raw = RawWebSocket.connect(gateway.webSocketUrl())) {
            var connectionId = functions.take(CONNECT).connectionId();

            raw.sendEmptyCloseFrame();

            assertTrue(gateway.awaitDisconnected(connectionId, WAIT));
            var context = functions.take(DISCONNECT).context();
            assertEquals(1005, context.path("disconnectStatusCode").intValue());
            assertEquals("Client-side close frame status not set", context.path("disconnectReason").textValue());
        }
    }

    @Test
    void droppedTcpConnectionRunsDisconnectWith1006() throws Exception {
        start();
        var raw = RawWebSocket.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        raw.close();

        assertTrue(gateway.awaitDisconnected(connectionId, WAIT));
        assertEquals(1006, functions.take(DISCONNECT).context().path("disconnectStatusCode").intValue());
    }

    @Test
    void frameOverThirtyTwoKilobytesClosesWith1009AndDisconnectSaysSo() throws Exception {
        start();
        try (var raw = RawWebSocket.connect(gateway.webSocketUrl())) {
            var connectionId = functions.take(CONNECT).connectionId();

            raw.sendTextFrame("x".repeat(32 * 1024 + 1));

            assertEquals(1009, raw.awaitCloseCode());
            assertTrue(gateway.awaitDisconnected(connectionId, WAIT));
            assertEquals(1009, functions.take(DISCONNECT).context().path("disconnectStatusCode").intValue());
            assertNull(functions.poll(DEFAULT, 100), "the oversized frame reaches no route");
        }
    }

    @Test
    void frameOfExactlyThirtyTwoKilobytesIsRouted() throws Exception {
        start();
        try (var raw = RawWebSocket.connect(gateway.webSocketUrl())) {

            raw.sendTextFrame("x".repeat(32 * 1024));

            assertEquals(32 * 1024, functions.take(DEFAULT).event().path("body").textValue().length());
        }
    }

    @Test
    void messageOverOneHundredTwentyEightKilobytesInSeveralFramesClosesWith1009() throws Exception {
        start();
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        for (int frame = 0; frame < 5; frame++) {
            client.socket().sendText("y".repeat(30_000), frame == 4).get(10, TimeUnit.SECONDS);
        }

        assertEquals(1009, client.awaitClosed().statusCode());
        assertTrue(gateway.awaitDisconnected(connectionId, WAIT));
    }

    @Test
    void binaryFrameClosesWith1003AsApiGatewayDoes() throws Exception {
        start();
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        client.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);

        assertEquals(1003, client.awaitClosed().statusCode());
        assertTrue(gateway.awaitDisconnected(connectionId, WAIT));
        assertEquals(1003, functions.take(DISCONNECT).context().path("disconnectStatusCode").intValue());
        assertNull(functions.poll(DEFAULT, 100));
    }

    @Test
    void idleConnectionIsClosedWithGoingAway() throws Exception {
        start(Fixtures.chatApi(), Fixtures.quietConfig()
                .withLimits(Fixtures.limits(Duration.ofMillis(300), Duration.ofHours(2))));
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        var closed = client.awaitClosed();

        assertEquals(new TestClient.Closed(1001, "Going away"), closed);
        assertTrue(gateway.awaitDisconnected(connectionId, WAIT));
        var context = functions.take(DISCONNECT).context();
        assertEquals(1001, context.path("disconnectStatusCode").intValue());
        assertEquals("Going away", context.path("disconnectReason").textValue());
    }

    @Test
    void connectionPastItsMaximumDurationIsClosedWithGoingAway() throws Exception {
        start(Fixtures.chatApi(), Fixtures.quietConfig()
                .withLimits(Fixtures.limits(Duration.ofMinutes(10), Duration.ofMillis(300))));
        var client = TestClient.connect(gateway.webSocketUrl());

        assertEquals(new TestClient.Closed(1001, "Going away"), client.awaitClosed());
    }

    @Test
    void unknownPathIsNotAWebSocket() throws Exception {
        start();

        var failure = assertThrows(ExecutionException.class,
                () -> TestClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + "/prod")));

        var handshake = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
        assertEquals(404, handshake.getResponse().statusCode());
    }

    @Test
    void consolePrintsOneLinePerConnectMessageAndDisconnect() throws Exception {
        var lines = new java.util.concurrent.CopyOnWriteArrayList<String>();
        start(Fixtures.chatApi(), Fixtures.quietConfig().withConsole(lines::add));
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();
        client.send("{\"action\":\"sendMessage\"}");
        functions.take(SEND_MESSAGE);

        client.socket().sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
        assertTrue(gateway.awaitDisconnected(connectionId, WAIT));

        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("CONNECT") && lines.get(0).contains(connectionId), lines.get(0));
        assertTrue(lines.get(1).startsWith("MESSAGE") && lines.get(1).contains("sendMessage"), lines.get(1));
        assertTrue(lines.get(2).startsWith("DISCONNECT") && lines.get(2).contains("1000"), lines.get(2));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
