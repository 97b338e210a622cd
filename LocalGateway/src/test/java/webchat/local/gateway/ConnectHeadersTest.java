package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectHeadersTest {

    private static final String TRACE = "Root=1-6731ebfc-08e1e656421db73c5d2eef31";

    private static Map<String, List<String>> sent() {
        var sent = new LinkedHashMap<String, List<String>>();
        sent.put("Host", List.of("127.0.0.1:8080"));
        sent.put("Connection", List.of("Upgrade"));
        sent.put("upgrade", List.of("websocket"));
        sent.put("x-api-key", List.of("k"));
        sent.put("X-API-KEY", List.of("second"));
        sent.put("X-Forwarded-Port", List.of("8080"));
        sent.put("x-forwarded-for", List.of("10.0.0.9"));
        return sent;
    }

    @Test
    void connectDropsHopByHopHeadersAndAddsWhatApiGatewayAdds() {
        var headers = ConnectHeaders.forIntegration(sent(), "127.0.0.1", "127.0.0.1:4443", TRACE);

        assertFalse(headers.containsKey("Connection"));
        assertFalse(headers.containsKey("Upgrade"));
        assertEquals(List.of("127.0.0.1:4443"), headers.get("Host"));
        assertEquals(List.of(TRACE), headers.get("X-Amzn-Trace-Id"));
        assertEquals(List.of("443"), headers.get("X-Forwarded-Port"));
        assertEquals(List.of("https"), headers.get("X-Forwarded-Proto"));
        assertEquals(List.of("10.0.0.9, 127.0.0.1"), headers.get("X-Forwarded-For"));
    }

    @Test
    void namesKeepTheClientsSpellingAndRepeatsMergeCaseInsensitively() {
        var headers = ConnectHeaders.forIntegration(sent(), "127.0.0.1", "h", TRACE);

        var names = List.copyOf(headers.keySet());
        assertTrue(names.contains("x-api-key"), names.toString());
        assertFalse(names.contains("X-API-KEY"), names.toString());
        assertEquals(List.of("k", "second"), headers.get("x-api-key"));
    }

    @Test
    void theAuthorizerKeepsConnectionAndUpgradeAndGetsAContentLength() {
        var headers = ConnectHeaders.forAuthorizer(sent(), "127.0.0.1", "h", TRACE);

        assertEquals(List.of("Upgrade"), headers.get("Connection"));
        assertEquals(List.of("websocket"), headers.get("upgrade"));
        assertEquals(List.of("0"), headers.get("content-length"));
    }

    @Test
    void traceIdsHaveXRaysShapeWithTheEpochSeconds() {
        var now = Instant.parse("2024-11-11T11:35:24Z");

        var id = ConnectHeaders.traceId(now);

        assertTrue(id.matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}"), id);
        assertEquals(Long.toHexString(now.getEpochSecond()), id.substring(7, 15));
    }
}
