package webchat.sendmessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A sendMessage body: either the text to broadcast, or the notice that tells the sender what was wrong. */
sealed interface IncomingMessage {

    /** The management API's limit for one PostToConnection payload: the whole envelope must fit in it. */
    int MAX_PAYLOAD_BYTES = 131_072;

    int MAX_CLIENT_MESSAGE_ID_CHARS = 64;

    /** The text to broadcast and the sender's own id for it ({@code null} when it gave none). */
    record Accepted(String data, String clientMessageId) implements IncomingMessage {
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
        Object clientMessageId = message.get("clientMessageId");
        if (message.containsKey("clientMessageId") && !(clientMessageId instanceof String id
                && !id.isEmpty() && id.length() <= MAX_CLIENT_MESSAGE_ID_CHARS)) {
            return reject("INVALID_CLIENT_MESSAGE_ID", "\"clientMessageId\" must be a JSON string of 1 to "
                    + MAX_CLIENT_MESSAGE_ID_CHARS + " characters, or left out.");
        }
        // The envelope around the text only adds bytes: text over the limit can be refused before any table call.
        if (data.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            return tooLarge();
        }
        return new Accepted(data, (String) clientMessageId);
    }

    static Rejected tooLarge() {
        return reject("PAYLOAD_TOO_LARGE", "Your message is too large: with its envelope it must fit in "
                + MAX_PAYLOAD_BYTES + " bytes (UTF-8). Send a shorter message.");
    }

    private static Rejected reject(String code, String message) {
        return new Rejected(new Notice(code, message));
    }
}
