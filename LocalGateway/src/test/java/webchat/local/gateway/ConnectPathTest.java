package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webchat.local.gateway.Fixtures.CONNECT;
import static webchat.local.gateway.Fixtures.DISCONNECT;
import static webchat.local.gateway.Fixtures.SEND_MESSAGE;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import webchat.local.testing.RawHandshake;

/** The $connect path as clients see it: headers, identity, close reasons, subprotocols, failures. */
class ConnectPathTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final RecordingInvoker functions = new RecordingInvoker();
    private GatewayServer gateway;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private URI start() throws Exception {
        gateway = new GatewayServer(Fixtures.chatApi(), functions, Fixtures.quietConfig()).start();
        return gateway.webSocketUrl();
    }

    @Test
    void headerNamesReachConnectSpelledAsTheClientSentThem() throws Exception {
        var url = start();
        var headers = new ArrayList<>(RawHandshake.bareHeaders(url));
        headers.add("x-api-key: abc");
        headers.add("user-agent: lower/1.0");
        headers.add("ACCEPT-language: en");

        try (var client = RawHandshake.open(url, headers)) {
            assertEquals(101, client.status());
            var connect = functions.take(CONNECT);
            var names = new ArrayList<String>();
            connect.event().path("headers").fieldNames().forEachRemaining(names::add);
            assertTrue(names.containsAll(List.of("x-api-key", "user-agent", "ACCEPT-language", "Sec-WebSocket-Key")),
                    names.toString());
            assertEquals("lower/1.0", connect.context().path("identity").path("userAgent").textValue());
        }
    }

    @Test
    void aClientWithoutUserAgentHasNoUserAgentKeyOnAnyEvent() throws Exception {
        var url = start();
        try (var client = RawHandshake.open(url, RawHandshake.bareHeaders(url))) {
            var connect = functions.take(CONNECT);
            client.sendText("{\"action\":\"sendMessage\",\"data\":\"hi\"}");
            var message = functions.take(SEND_MESSAGE);
            client.sendClose(1000, "");
            var disconnect = functions.take(DISCONNECT);

            for (var call : List.of(connect, message, disconnect)) {
                assertFalse(call.context().path("identity").has("userAgent"), call.event().toString());
                assertTrue(call.context().path("identity").path("sourceIp").isTextual());
            }
            assertEquals("", disconnect.context().path("disconnectReason").textValue());
        }
    }

    @Test
    void messageEventsCarryTheUserAgentTheClientConnectedWith() throws Exception {
        var url = start();
        try (var client = RawHandshake.open(url, RawHandshake.browserHeaders(url, "http://127.0.0.1"))) {
            functions.take(CONNECT);
            client.sendText("{\"action\":\"sendMessage\",\"data\":\"hi\"}");

            var message = functions.take(SEND_MESSAGE);
            assertTrue(message.context().path("identity").path("userAgent").textValue().startsWith("Mozilla/5.0"));
        }
    }

    @Test
    void aClosingBrowserTabIsReportedAs1001WithAnEmptyReason() throws Exception {
        var url = start();
        try (var client = RawHandshake.open(url, RawHandshake.browserHeaders(url, "http://127.0.0.1"))) {
            functions.take(CONNECT);

            client.sendClose(1001, "");

            var disconnect = functions.take(DISCONNECT);
            assertEquals(1001, disconnect.context().path("disconnectStatusCode").intValue());
            assertEquals("", disconnect.context().path("disconnectReason").textValue());
        }
    }

    @Test
    void aSubprotocolTheClientOfferedIsAccepted() throws Exception {
        var url = start();
        functions.answer(CONNECT, event -> RecordingInvoker.success(
                "{\"statusCode\":200,\"headers\":{\"sec-websocket-protocol\":\"chat.v2\"}}"));
        var headers = new ArrayList<>(RawHandshake.bareHeaders(url));
        headers.add("Sec-WebSocket-Protocol: chat.v1, chat.v2");

        try (var client = RawHandshake.open(url, headers)) {
            assertEquals(101, client.status());
            assertEquals("chat.v2", client.responseHeader("Sec-WebSocket-Protocol"));
        }
    }

    @Test
    void aSubprotocolTheClientDidNotOfferFailsTheHandshakeRunsDisconnectAndLeavesNothingBehind() throws Exception {
        var url = start();
        functions.answer(CONNECT, event -> RecordingInvoker.success(
                "{\"statusCode\":200,\"headers\":{\"Sec-WebSocket-Protocol\":\"graphql-ws\"}}"));
        var headers = new ArrayList<>(RawHandshake.bareHeaders(url));
        headers.add("Sec-WebSocket-Protocol: chat.v1");

        try (var client = RawHandshake.open(url, headers)) {
            assertEquals(500, client.status());
        }

        var connectionId = functions.take(CONNECT).connectionId();
        var disconnect = functions.take(DISCONNECT);
        assertEquals(connectionId, disconnect.connectionId());
        assertEquals(1006, disconnect.context().path("disconnectStatusCode").intValue());
        assertTrue(gateway.awaitDisconnected(connectionId, WAIT));
        assertTrue(gateway.connectionIds().isEmpty());
        var get = HttpClient.newHttpClient().send(SignedRequests.signedGet(
                URI.create(gateway.connectionsUrl() + "/@connections/" + connectionId)),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(410, get.statusCode());
    }

    @Test
    void aConnectResponseThatIsNotAProxyResponseRefusesTheHandshakeWith502() throws Exception {
        var url = start();
        functions.answer(CONNECT, event -> RecordingInvoker.success("{\"statusCode\":\"lots\"}"));

        try (var client = RawHandshake.open(url, RawHandshake.bareHeaders(url))) {
            assertEquals(502, client.status());
        }
        assertNull(functions.poll(DISCONNECT, 300), "a refused connection has no $disconnect");
    }
}
