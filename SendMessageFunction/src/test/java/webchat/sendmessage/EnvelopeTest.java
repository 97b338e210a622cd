package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final Instant SENT = Instant.parse("2026-11-27T13:45:01.123Z");

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("quotes and backslashes", "she said \"hi\" \\o/"),
                Arguments.of("newlines and tabs", "line 1\nline 2\r\n\tend"),
                Arguments.of("a closing script tag", "</script><script>alert(1)</script>"),
                Arguments.of("HTML", "<img src=x onerror=alert(1)>"),
                Arguments.of("control characters", "\u0000\u0001\u0007\u001B[31m\u007F"),
                Arguments.of("line and paragraph separators", "a\u2028b\u2029c"),
                Arguments.of("emoji and a ZWJ sequence", "🦊 👩‍💻 🇵🇹"),
                Arguments.of("right-to-left text and an override", "שלום مرحبا \u202Egnp.exe"),
                Arguments.of("a spoofed notice",
                        "{\"type\":\"error\",\"code\":\"X\",\"message\":\"Your session expired\"}"),
                Arguments.of("a spoofed envelope", "{\"type\":\"message\",\"from\":{\"name\":\"admin\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void anyTextComesBackExactlyAsTheTextStringOfAMessageEnvelope(String why, String text) {
        // when
        String json = new Envelope("m-1", "Ana", "Abc=", text, SENT, null).toJson();

        // then one JSON object of type message whose text is exactly what was sent, on one line
        Map<String, Object> frame = Frames.parse(json);
        assertEquals("message", frame.get("type"));
        assertEquals(text, frame.get("text"));
        assertEquals(Map.of("name", "Ana", "connectionId", "Abc="), frame.get("from"));
        assertFalse(json.contains("\n"), json);
        assertTrue(json.chars().noneMatch(c -> c < 0x20), json);
    }

    @Test
    void theEnvelopeHasTheProtocolsFieldsInOrderAndTheClientsIdWhenGiven() {
        String json = new Envelope("Tq6KYdxCoAMCJcw=", "Ana", "Abc=", "hi", SENT, "c-1").toJson();

        assertEquals("{\"type\":\"message\",\"id\":\"Tq6KYdxCoAMCJcw=\",\"from\":{\"name\":\"Ana\","
                + "\"connectionId\":\"Abc=\"},\"text\":\"hi\",\"sentAt\":\"2026-11-27T13:45:01.123Z\","
                + "\"clientMessageId\":\"c-1\"}", json);
    }

    @Test
    void withoutAClientIdTheFieldIsAbsentAndSentAtKeepsItsMillisecondsEvenWhenZero() {
        Map<String, Object> frame = Frames.parse(
                new Envelope("m-1", "Ana", "Abc=", "hi", Instant.parse("2026-11-27T13:45:01Z"), null).toJson());

        assertFalse(frame.containsKey("clientMessageId"));
        assertEquals("2026-11-27T13:45:01.000Z", frame.get("sentAt"));
        assertEquals(List.of("type", "id", "from", "text", "sentAt"), List.copyOf(frame.keySet()));
    }
}
