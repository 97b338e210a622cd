package webchat.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A regression in the gateway's events shows up as a field diff against the AWS fixture. */
class EventShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode fixture(String name) throws Exception {
        try (var in = EventShapeTest.class.getResourceAsStream("/aws-events/" + name)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    @Test
    void aFixtureMatchesItself() throws Exception {
        assertEquals(List.of(), EventShape.diff(fixture("connect-browser.json"), fixture("connect-browser.json")));
    }

    @Test
    void idsTimesAndAddressesMayVaryButMustKeepTheirFormat() throws Exception {
        var event = fixture("message-bare.json");
        var context = (ObjectNode) event.get("requestContext");
        context.put("connectionId", "Zz9_-AbCdEfGhIj=").put("requestTimeEpoch", 1).put("stage", "dev");
        context.put("requestTime", "2026-11-27T13:45:01Z");

        assertEquals(List.of("requestContext.requestTime: \"2026-11-27T13:45:01Z\" does not have the format "
                + "\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000"),
                EventShape.diff(fixture("message-bare.json"), event));
    }

    @Test
    void missingExtraAndRetypedFieldsAreEachOneLine() throws Exception {
        var event = fixture("disconnect-going-away.json");
        var context = (ObjectNode) event.get("requestContext");
        context.remove("disconnectReason");
        context.put("disconnectStatusCode", "1001");
        ((ObjectNode) context.get("identity")).put("userAgent", "other");
        ((ObjectNode) event.get("headers")).put("Upgrade", "websocket");

        assertEquals(List.of(
                "headers.Upgrade: not in AWS's event (\"websocket\")",
                "requestContext.disconnectReason: missing",
                "requestContext.disconnectStatusCode: integer expected, string found (\"1001\")",
                "requestContext.identity.userAgent: \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
                        + "Gecko) Chrome/131.0.0.0 Safari/537.36\" expected, \"other\" found"),
                EventShape.diff(fixture("disconnect-going-away.json"), event));
    }
}
