package webchat.sendmessage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broadcast frame, built by the server and serialised by the JSON library, so the sender's text only ever
 * appears as the JSON string {@code text}:
 * {@code {"type":"message","id":"...","from":{"name":"Ana","connectionId":"..."},"text":"...",
 * "sentAt":"2026-11-27T13:45:01.123Z","clientMessageId":"..."}} ({@code clientMessageId} only when the sender gave
 * one).
 */
record Envelope(String id, String fromName, String fromConnectionId, String text, Instant sentAt,
        String clientMessageId) {

    /** ISO-8601 in UTC, always with milliseconds (Instant.toString drops a zero fraction). */
    private static final DateTimeFormatter SENT_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    String toJson() {
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("name", fromName);
        from.put("connectionId", fromConnectionId);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", "message");
        envelope.put("id", id);
        envelope.put("from", from);
        envelope.put("text", text);
        envelope.put("sentAt", SENT_AT.format(sentAt));
        if (clientMessageId != null) {
            envelope.put("clientMessageId", clientMessageId);
        }
        return Json.write(envelope);
    }
}
