package webchat.local.reliability;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import webchat.local.testing.TestClient;

/**
 * Reads broadcasts by their text, whatever the wire format: a message envelope's {@code text}
 * ({@code {"type":"message","text":...}}), or the bare frame from before the envelope.
 */
final class Frames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {}

    /** The user text a frame carries: the envelope's text, or the frame itself when it is no envelope. */
    static String text(String frame) {
        try {
            JsonNode json = JSON.readTree(frame);
            if (json != null && json.isObject() && "message".equals(json.path("type").asText())) {
                return json.path("text").asText();
            }
        } catch (JacksonException notJson) {
            // a bare text broadcast
        }
        return frame;
    }

    /** True when the frame is API Gateway's {@code Internal server error} answer. */
    static boolean isInternalServerError(String frame) {
        try {
            JsonNode json = JSON.readTree(frame);
            return json != null && "Internal server error".equals(json.path("message").asText());
        } catch (JacksonException notJson) {
            return false;
        }
    }

    /** Waits for the broadcast with this text; the frames received before it are returned, the match last. */
    static List<String> awaitText(TestClient client, String text, Duration timeout) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String frame = client.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame == null) {
                break;
            }
            seen.add(frame);
            if (text.equals(text(frame))) {
                return seen;
            }
        }
        throw new AssertionError("no broadcast \"" + abbreviate(text) + "\" within " + timeout.toMillis()
                + " ms; got " + seen.stream().map(Frames::abbreviate).toList());
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...(" + text.length() + " chars)";
    }
}
