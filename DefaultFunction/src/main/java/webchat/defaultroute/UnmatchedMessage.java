package webchat.defaultroute;

import java.io.IOException;
import java.util.Map;

/** Why a message matched no route, told as the notice that shows the sender what to send instead. */
final class UnmatchedMessage {

    static final int MAX_ACTION_CHARS = 64;

    private UnmatchedMessage() {
    }

    static Notice explain(String body) {
        Object json;
        try {
            json = body == null ? null : Json.read(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null) {
            return new Notice("INVALID_JSON",
                    "Your message is not JSON: send {\"action\":\"sendMessage\",\"data\":\"<text>\"}.");
        }
        if (!(json instanceof Map<?, ?> message) || !(message.get("action") instanceof String action)) {
            return new Notice("MISSING_ACTION",
                    "Your message has no \"action\" string: add \"action\":\"sendMessage\" next to \"data\".");
        }
        return new Notice("UNKNOWN_ACTION", "Unknown action (see \"action\"): use \"sendMessage\""
                + " (actions are case-sensitive).", truncate(action));
    }

    private static String truncate(String action) {
        return action.length() <= MAX_ACTION_CHARS ? action : action.substring(0, MAX_ACTION_CHARS) + "...";
    }
}
