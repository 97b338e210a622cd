package webchat.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webchat.local.events.AwsShapes.assertShape;
import static webchat.local.events.CaptureApp.eventType;
import static webchat.local.events.CaptureApp.of;
import static webchat.local.gateway.SignedRequests.signedGet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import webchat.local.testing.RawHandshake;

/**
 * The raw events a real function receives from the local gateway, compared field by field with API Gateway's event
 * shapes, for bare and browser-like clients, every way of closing, subprotocols, and refused and failing $connects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapturedEventsTest {

    private static final String MESSAGE = "{\"action\":\"hello\",\"data\":\"hi\"}";
    private CaptureApp app;

    @BeforeAll
    void startTheCaptureApp(@TempDir Path folder) throws Exception {
        app = CaptureApp.start(folder, "template.yaml");
    }

    @AfterAll
    void stopTheCaptureApp() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private RawHandshake bare(String query) throws Exception {
        var url = app.url(query);
        var client = RawHandshake.open(url, RawHandshake.bareHeaders(url));
        assertEquals(101, client.status());
        return client;
    }

    private RawHandshake browser(String query) throws Exception {
        var url = app.url(query);
        var client = RawHandshake.open(url, RawHandshake.browserHeaders(url,
                "http://" + url.getHost() + ":" + url.getPort()));
        assertEquals(101, client.status());
        return client;
    }

    @Test
    void aBareClientThatClosesWithAReason() throws Exception {
        try (var client = bare("")) {
            var connect = app.next(eventType("CONNECT"));
            var id = connect.path("requestContext").path("connectionId").textValue();
            client.sendText(MESSAGE);
            var message = app.next(of("MESSAGE", id));
            client.sendClose(1000, "bye");

            assertShape("connect-bare.json", connect);
            assertShape("message-bare.json", message);
            assertShape("disconnect-reason.json", app.next(of("DISCONNECT", id)));
        }
    }

    @Test
    void aBrowserTabThatCloses() throws Exception {
        try (var client = browser("?name=Ann")) {
            var connect = app.next(eventType("CONNECT"));
            var id = connect.path("requestContext").path("connectionId").textValue();
            client.sendText(MESSAGE);
            var message = app.next(of("MESSAGE", id));
            client.sendClose(1001, "");

            assertShape("connect-browser.json", connect);
            assertShape("message-browser.json", message);
            assertShape("disconnect-going-away.json", app.next(of("DISCONNECT", id)));
        }
    }

    @Test
    void aCloseFrameWithoutAStatus() throws Exception {
        try (var client = bare("")) {
            var id = app.next(eventType("CONNECT")).path("requestContext").path("connectionId").textValue();
            client.sendEmptyClose();

            assertShape("disconnect-no-status.json", app.next(of("DISCONNECT", id)));
        }
    }

    @Test
    void aConnectionDroppedWithoutAnyCloseFrame() throws Exception {
        var client = bare("");
        var id = app.next(eventType("CONNECT")).path("requestContext").path("connectionId").textValue();

        client.close();

        assertShape("disconnect-abrupt.json", app.next(of("DISCONNECT", id)));
    }

    @Test
    void aSubprotocolTheClientOfferedAndConnectChose() throws Exception {
        var url = app.url("?protocol=chat.v2");
        var headers = new ArrayList<>(RawHandshake.bareHeaders(url));
        headers.add("Sec-WebSocket-Protocol: chat.v1, chat.v2");
        try (var client = RawHandshake.open(url, headers)) {
            assertEquals(101, client.status());
            assertEquals("chat.v2", client.responseHeader("Sec-WebSocket-Protocol"));
            assertShape("connect-subprotocol.json", app.next(eventType("CONNECT")));
        }
    }

    @Test
    void aSubprotocolTheClientDidNotOfferFailsTheHandshakeAndDisconnectRuns() throws Exception {
        var url = app.url("?protocol=graphql-ws");
        var headers = new ArrayList<>(RawHandshake.bareHeaders(url));
        headers.add("Sec-WebSocket-Protocol: chat.v1");
        try (var client = RawHandshake.open(url, headers)) {
            assertEquals(500, client.status());
        }
        var id = app.next(eventType("CONNECT")).path("requestContext").path("connectionId").textValue();

        assertShape("disconnect-abrupt.json", app.next(of("DISCONNECT", id)));
        assertTrue(app.gateway().awaitDisconnected(id, Duration.ofSeconds(10)));
        var status = HttpClient.newHttpClient().send(signedGet(
                URI.create(app.gateway().connectionsUrl() + "/@connections/" + id)),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        assertEquals(410, status, "nothing lingers: the id is gone");
    }

    @Test
    void aConnectThatRefusesGivesItsStatusAndNoDisconnect() throws Exception {
        var url = app.url("?mode=refuse");
        try (var client = RawHandshake.open(url, RawHandshake.bareHeaders(url))) {
            assertEquals(403, client.status());
        }
        var id = app.next(eventType("CONNECT")).path("requestContext").path("connectionId").textValue();

        assertTrue(app.noneWithin(of("DISCONNECT", id), Duration.ofMillis(500)));
    }

    @Test
    void aConnectThatThrowsIs502AndNoDisconnect() throws Exception {
        var url = app.url("?mode=throw");
        try (var client = RawHandshake.open(url, RawHandshake.bareHeaders(url))) {
            assertEquals(502, client.status());
        }
        var id = app.next(eventType("CONNECT")).path("requestContext").path("connectionId").textValue();

        assertTrue(app.noneWithin(of("DISCONNECT", id), Duration.ofMillis(500)));
    }
}
