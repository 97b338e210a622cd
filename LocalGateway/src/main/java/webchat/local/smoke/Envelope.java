package webchat.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A broadcast frame read as Protocol v2's message envelope:
 * {@code {"type":"message","id","from":{"name","connectionId"},"text","sentAt","clientMessageId"?}}.
 */
record Envelope(String type, String id, String fromName, String fromConnectionId, String text, String sentAt,
                String clientMessageId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The frame's fields, each null when absent or not a string; null when the frame is not a JSON object. */
    static Envelope read(String frame) {
        JsonNode json;
        try {
            json = JSON.readTree(frame);
        } catch (Exception e) {
            return null;
        }
        if (json == null || !json.isObject()) {
            return null;
        }
        JsonNode from = json.path("from");
        return new Envelope(string(json, "type"), string(json, "id"), string(from, "name"),
                string(from, "connectionId"), string(json, "text"), string(json, "sentAt"),
                string(json, "clientMessageId"));
    }

    /** True for a {@code type: "message"} object: user text, never a server notice. */
    static boolean isMessage(String frame) {
        Envelope envelope = read(frame);
        return envelope != null && "message".equals(envelope.type());
    }

    /** What is wrong with this envelope as the broadcast of {@code text} from {@code name} with that id; empty if nothing. */
    List<String> problems(String text, String name, String clientMessageId) {
        List<String> problems = new ArrayList<>();
        if (!"message".equals(type)) {
            problems.add("type " + quoted(type) + " instead of \"message\"");
        }
        if (id == null || id.isBlank()) {
            problems.add("no id");
        }
        if (!name.equals(fromName)) {
            problems.add("from.name " + quoted(fromName) + " instead of " + quoted(name));
        }
        if (fromConnectionId == null || fromConnectionId.isBlank()) {
            problems.add("no from.connectionId");
        }
        if (!text.equals(this.text)) {
            problems.add("text " + quoted(this.text) + " instead of " + quoted(text));
        }
        if (!isInstant(sentAt)) {
            problems.add("sentAt " + quoted(sentAt) + " is not an ISO-8601 UTC time");
        }
        if (clientMessageId != null && !clientMessageId.equals(this.clientMessageId)) {
            problems.add("clientMessageId " + quoted(this.clientMessageId) + " instead of " + quoted(clientMessageId));
        }
        return problems;
    }

    private static boolean isInstant(String value) {
        try {
            return value != null && value.endsWith("Z") && Instant.parse(value) != null;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "\"" + Frame.shorten(value) + "\"";
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
