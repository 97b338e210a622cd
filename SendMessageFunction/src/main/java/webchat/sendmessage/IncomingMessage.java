package webchat.sendmessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A sendMessage body: either the text to broadcast, or the notice that tells the sender what was wrong. */
sealed interface IncomingMessage {

    /** The management API's limit for one PostToConnection payload. */
    int MAX_DATA_BYTES = 131_072;

    record Accepted(String data) implements IncomingMessage {
    }

    record Rejected(Notice notice) implements IncomingMessage {
    }

    static IncomingMessage parse(String body) {
        Object json;
        try {
            json = body == null ? null : Json.read(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null) {
            return reject("INVALID_JSON",
                    "Your message is not JSON: send {\"action\":\"sendMessage\",\"data\":\"<text>\"}.");
        }
        if (!(json instanceof Map<?, ?> message) || !message.containsKey("data")) {
            return reject("MISSING_DATA", "Your message has no \"data\": put the text to send in \"data\".");
        }
        if (!(message.get("data") instanceof String data)) {
            return reject("DATA_NOT_STRING", "\"data\" must be a JSON string: send the text in quotes.");
        }
        if (data.isEmpty()) {
            return reject("MISSING_DATA", "\"data\" is empty: put the text to send in \"data\".");
        }
        if (data.getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
            return reject("PAYLOAD_TOO_LARGE",
                    "\"data\" is over " + MAX_DATA_BYTES + " bytes (UTF-8): send a shorter message.");
        }
        return new Accepted(data);
    }

    private static IncomingMessage reject(String code, String message) {
        return new Rejected(new Notice(code, message));
    }
}
