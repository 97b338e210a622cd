package webchat.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * One broadcast as Protocol v2 delivers it: {@code {"type":"message","id","from":{"name","connectionId"},"text",
 * "sentAt","clientMessageId"?}}. {@link #parse} refuses anything else (a notice, bare text), so a test that expects a
 * message fails with the frame it got instead.
 */
public record ChatMessage(String id, String fromName, String fromConnectionId, String text, Instant sentAt,
                          String clientMessageId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses a frame that must be a message envelope; throws AssertionError naming the frame otherwise. */
    public static ChatMessage parse(String frame) {
        JsonNode json = tree(frame);
        if (json == null || !"message".equals(json.path("type").asText(null))) {
            throw new AssertionError("not a message envelope: " + frame);
        }
        JsonNode from = json.path("from");
        if (!json.path("id").isTextual() || !from.path("name").isTextual() || !from.path("connectionId").isTextual()
                || !json.path("text").isTextual() || !json.path("sentAt").isTextual()) {
            throw new AssertionError("a message envelope without id, from.name, from.connectionId, text or sentAt: "
                    + frame);
        }
        return new ChatMessage(json.path("id").asText(), from.path("name").asText(),
                from.path("connectionId").asText(), json.path("text").asText(),
                Instant.parse(json.path("sentAt").asText()),
                json.path("clientMessageId").isTextual() ? json.path("clientMessageId").asText() : null);
    }

    /** True when the frame is a message envelope (and so not a notice). */
    public static boolean isMessage(String frame) {
        JsonNode json = tree(frame);
        return json != null && "message".equals(json.path("type").asText(null));
    }

    /** The notice code of a {@code {"type":"error","code"}} frame, or null for any other frame. */
    public static String noticeCode(String frame) {
        JsonNode json = tree(frame);
        return json != null && "error".equals(json.path("type").asText(null)) ? json.path("code").asText(null) : null;
    }

    private static JsonNode tree(String frame) {
        try {
            JsonNode json = JSON.readTree(frame);
            return json != null && json.isObject() ? json : null;
        } catch (Exception e) {
            return null;
        }
    }
}
