package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagementApiTest {

    private static final String ID = "Xy7-abc_DEF12g=";
    private final FakeConnections connections = new FakeConnections();
    private final ManagementApi api = new ManagementApi("dev", connections);

    @Test
    void postWithPercentEncodedIdSendsTheBytesAndAnswers200WithNoBody() {
        connections.open(ID);

        var reply = api.handle("POST", "/dev/%40connections/Xy7-abc_DEF12g%3D", bytes("hello"));

        assertEquals(200, reply.status());
        assertEquals(0, reply.body().length);
        assertArrayEquals(bytes("hello"), connections.posted.get(ID).getFirst());
        assertTrue(reply.headers().containsKey("x-amzn-RequestId"));
    }

    @Test
    void postToAnUnknownIdAnswers410GoneWithTheErrorTypeHeader() {
        var reply = api.handle("POST", "/dev/@connections/" + ID, bytes("hello"));

        assertEquals(410, reply.status());
        assertEquals("GoneException", reply.headers().get("x-amzn-ErrorType"));
        assertTrue(reply.headers().containsKey("x-amzn-RequestId"));
    }

    @Test
    void postOverTheLimitAnswers413PayloadTooLarge() {
        connections.open(ID);

        var reply = api.handle("POST", "/dev/@connections/" + ID, new byte[ManagementApi.MAX_POST_BYTES + 1]);

        assertEquals(413, reply.status());
        assertEquals("PayloadTooLargeException", reply.headers().get("x-amzn-ErrorType"));
        assertTrue(connections.posted.isEmpty());
    }

    @Test
    void postOfExactlyTheLimitIsSent() {
        connections.open(ID);

        var reply = api.handle("POST", "/dev/@connections/" + ID, new byte[ManagementApi.MAX_POST_BYTES]);

        assertEquals(200, reply.status());
    }

    @Test
    void getAnswersConnectedAtIdentityAndLastActiveAt() throws Exception {
        connections.open(ID);

        var reply = api.handle("GET", "/dev/@connections/" + ID, new byte[0]);

        assertEquals(200, reply.status());
        var json = new ObjectMapper().readTree(reply.bodyText());
        assertEquals("2025-01-02T03:04:05.000Z", json.path("connectedAt").textValue());
        assertEquals("2025-01-02T03:05:00.250Z", json.path("lastActiveAt").textValue());
        assertEquals("127.0.0.1", json.path("identity").path("sourceIp").textValue());
        assertEquals("test-agent", json.path("identity").path("userAgent").textValue());
    }

    @Test
    void getOfAnUnknownIdAnswers410() {
        assertEquals(410, api.handle("GET", "/dev/@connections/" + ID, new byte[0]).status());
    }

    @Test
    void deleteClosesTheConnectionAndAnswers204() {
        connections.open(ID);

        var reply = api.handle("DELETE", "/dev/@connections/" + ID, new byte[0]);

        assertEquals(204, reply.status());
        assertEquals(List.of(ID), connections.deleted);
    }

    @Test
    void deleteOfAnUnknownIdAnswers410() {
        assertEquals(410, api.handle("DELETE", "/dev/@connections/" + ID, new byte[0]).status());
    }

    @Test
    void wrongStageOrPathOrMethodAnswers403Forbidden() {
        connections.open(ID);

        for (var request : List.of(List.of("POST", "/prod/@connections/" + ID), List.of("POST", "/dev/" + ID),
                List.of("POST", "/dev/@connections/"), List.of("PUT", "/dev/@connections/" + ID))) {
            var reply = api.handle(request.get(0), request.get(1), bytes("x"));
            assertEquals(403, reply.status(), request.toString());
            assertEquals("ForbiddenException", reply.headers().get("x-amzn-ErrorType"));
            assertEquals("{\"message\":\"Forbidden\"}", reply.bodyText());
        }
        assertTrue(connections.posted.isEmpty());
    }

    @Test
    void apiOwnsOnlyItsStagePaths() {
        assertTrue(api.owns("/dev/@connections/x"));
        assertTrue(api.owns("/dev"));
        assertEquals(false, api.owns("/index.html"));
        assertEquals(false, api.owns("/devices"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final class FakeConnections implements ManagementApi.Connections {
        final Map<String, ManagementApi.Status> open = new HashMap<>();
        final Map<String, List<byte[]>> posted = new HashMap<>();
        final List<String> deleted = new ArrayList<>();

        void open(String id) {
            open.put(id, new ManagementApi.Status(Instant.parse("2025-01-02T03:04:05Z"), "127.0.0.1", "test-agent",
                    Instant.parse("2025-01-02T03:05:00.250Z")));
        }

        @Override
        public boolean post(String connectionId, byte[] data) {
            if (!open.containsKey(connectionId)) {
                return false;
            }
            posted.computeIfAbsent(connectionId, id -> new ArrayList<>()).add(data);
            return true;
        }

        @Override
        public ManagementApi.Status get(String connectionId) {
            return open.get(connectionId);
        }

        @Override
        public boolean delete(String connectionId) {
            deleted.add(connectionId);
            return open.remove(connectionId) != null;
        }
    }
}
