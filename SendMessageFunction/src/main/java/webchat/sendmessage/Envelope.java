package webchat.sendmessage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    /**
     * The envelope of {@code message} from the event's connection: id = API Gateway's id of the incoming frame (a new
     * UUID when absent), the sender's name from its row among {@code connections} (read by the broadcast's own Scan;
     * its Guest-XXXX fallback when the row or its name is missing), sentAt = {@code now} to the millisecond.
     */
    static Envelope of(APIGatewayV2WebSocketEvent event, List<ConnectionTable.Connection> connections,
            IncomingMessage.Accepted message, Instant now) {
        String sender = event.getRequestContext().getConnectionId();
        String messageId = event.getRequestContext().getMessageId();
        String name = connections.stream()
                .filter(connection -> connection.id().equals(sender) && connection.name() != null)
                .map(ConnectionTable.Connection::name)
                .findFirst()
                .orElseGet(() -> GuestName.of(sender));
        return new Envelope(messageId == null || messageId.isBlank() ? UUID.randomUUID().toString() : messageId,
                name, sender, message.data(), now.truncatedTo(ChronoUnit.MILLIS), message.clientMessageId());
    }

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
