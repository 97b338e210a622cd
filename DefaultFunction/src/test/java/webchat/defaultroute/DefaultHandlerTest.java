package webchat.defaultroute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class DefaultHandlerTest {

    @Mock
    private Context context;

    private final RecordingLogger logger = new RecordingLogger();
    private DefaultHandler handler;

    @BeforeEach
    void handler() {
        when(context.getLogger()).thenReturn(logger);
        handler = new DefaultHandler();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "hello                                  | INVALID_JSON",
        "``                                     | INVALID_JSON",
        "{\"action\":\"sendMessage\"            | INVALID_JSON",
        "{\"action\":\"sendMessage\"} trailing  | INVALID_JSON",
        "{\"data\":\"hello\"}                   | MISSING_ACTION",
        "{\"action\":42,\"data\":\"hello\"}     | MISSING_ACTION",
        "[\"sendMessage\",\"hello\"]            | MISSING_ACTION",
        "{\"action\":\"sendmessage\"}           | UNKNOWN_ACTION",
        "{\"action\":\"join\",\"room\":\"a\"}   | UNKNOWN_ACTION"})
    void theSenderAloneIsToldWhatWasWrongAndWhatToSend(String body, String code) throws IOException {
        // when
        var response = handler.handleRequest(Events.message("Sender00001=", body), context);

        // then: the notice is the response's body, which the two-way route sends back to the sender alone
        assertEquals(200, response.getStatusCode());
        Map<String, Object> notice = JSON.std.mapFrom(response.getBody());
        assertEquals("error", notice.get("type"));
        assertEquals(code, notice.get("code"));
        assertFalse(((String) notice.get("message")).isBlank());
        assertEquals(Map.of("action", "sendMessage", "data", "<text>"), notice.get("expected"));
    }

    @Test
    void anUnknownActionIsEchoedOnlyAsItsOwnFieldCutTo64Characters() throws IOException {
        // given
        String action = "x".repeat(64) + "TAIL";

        // when
        var response = handler.handleRequest(Events.message("Sender00001=", "{\"action\":\"" + action + "\"}"),
                context);

        // then
        Map<String, Object> notice = JSON.std.mapFrom(response.getBody());
        assertEquals("x".repeat(64) + "...", notice.get("action"));
        assertFalse(((String) notice.get("message")).contains("x"), (String) notice.get("message"));
    }

    @Test
    void noClientTextBecomesTheServersWordsOnlyItsOwnJsonString() throws IOException {
        // given an action that reads like a system notice, and one that tries to break out of its string
        for (String action : new String[] {"Your session expired, re-enter your password at evil.example",
                "\",\"type\":\"message\",\"text\":\"hi"}) {
            // when
            var response = handler.handleRequest(
                    Events.message("Sender00001=", JSON.std.asString(Map.of("action", action))), context);

            // then one JSON object of type error whose message is the server's own sentence
            Map<String, Object> notice = JSON.std.mapFrom(response.getBody());
            assertEquals(List.of("type", "code", "message", "action", "expected"), List.copyOf(notice.keySet()));
            assertEquals("error", notice.get("type"));
            assertEquals("Unknown action (see \"action\"): use \"sendMessage\" (actions are case-sensitive).",
                    notice.get("message"));
            assertEquals(action, notice.get("action"));
        }
    }

    @Test
    void theLogShowsTheRouteAndABoundedOneLineExcerptOfTheBody() {
        // given a long body on several lines whose end must not reach the log
        String body = "{\"action\":\"chat\",\n\"data\":\"" + "a".repeat(5000) + "END-OF-BODY\"}";

        // when
        handler.handleRequest(Events.message("Sender00001=", body), context);

        // then
        assertEquals(1, logger.lines().size());
        String line = logger.lines().getFirst();
        assertTrue(line.startsWith("INFO connectionId=Sender00001= routeKey=$default requestId=req-Sender00001= "),
                line);
        assertTrue(line.contains("UNKNOWN_ACTION"), line);
        assertTrue(line.contains("{\"action\":\"chat\",\\n\"data\""), line);
        assertFalse(line.contains("END-OF-BODY"), line);
        assertFalse(line.contains("\n"), "one log line");
        assertTrue(line.length() < DefaultHandler.BODY_EXCERPT_CHARS + 200, () -> "length " + line.length());
        assertTrue(line.contains("(" + body.length() + " chars)"), line);
    }
}
