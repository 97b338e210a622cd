package webchat.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webchat.local.events.AwsShapes.assertShape;
import static webchat.local.events.CaptureApp.authorizerRequest;
import static webchat.local.events.CaptureApp.eventType;
import static webchat.local.events.CaptureApp.of;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import webchat.local.testing.RawHandshake;

/**
 * The capture app behind a Lambda REQUEST authorizer (apps/event-capture/authorized.yaml): a good token connects and
 * every event carries the authorizer's context; no token, a denied token and a failing authorizer are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizedCaptureTest {

    private CaptureApp app;

    @BeforeAll
    void startTheAuthorizedApp(@TempDir Path folder) throws Exception {
        app = CaptureApp.start(folder, "authorized.yaml");
    }

    @AfterAll
    void stopTheAuthorizedApp() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private RawHandshake connect(String query) throws Exception {
        var url = app.url(query);
        return RawHandshake.open(url, RawHandshake.bareHeaders(url));
    }

    @Test
    void aGoodTokenConnectsAndEveryEventCarriesTheAuthorizersContext() throws Exception {
        try (var client = connect("?token=good")) {
            assertEquals(101, client.status());
            var request = app.next(authorizerRequest());
            var connect = app.next(eventType("CONNECT"));
            var id = connect.path("requestContext").path("connectionId").textValue();
            client.sendText("{\"action\":\"hello\",\"data\":\"hi\"}");
            var message = app.next(of("MESSAGE", id));

            assertShape("authorizer-request.json", request);
            assertShape("connect-authorized.json", connect);
            assertShape("message-authorized.json", message);
            assertEquals(id, request.path("requestContext").path("connectionId").textValue());
            assertEquals(app.gateway().webSocketUrl().getPath().substring(1),
                    request.path("methodArn").textValue().split("/")[1]);
        }
    }

    @Test
    void noTokenIsRefusedWith401WithoutCallingTheAuthorizer() throws Exception {
        try (var client = connect("")) {
            assertEquals(401, client.status());
        }
        assertTrue(app.noneWithin(authorizerRequest().or(eventType("CONNECT")), Duration.ofMillis(500)));
    }

    @Test
    void aDeniedTokenIsRefusedWith403AndConnectNeverRuns() throws Exception {
        try (var client = connect("?token=stolen")) {
            assertEquals(403, client.status());
        }
        app.next(authorizerRequest());
        assertTrue(app.noneWithin(eventType("CONNECT"), Duration.ofMillis(500)));
    }

    @Test
    void aFailingAuthorizerIsRefusedWith500() throws Exception {
        try (var client = connect("?token=boom")) {
            assertEquals(500, client.status());
        }
        app.next(authorizerRequest());
        assertTrue(app.noneWithin(eventType("CONNECT"), Duration.ofMillis(500)));
    }
}
