package webchat.defaultroute;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server notice to one client, type {@code error}:
 * {@code {"type":"error","code":"...","message":"...","action":"<what the client sent>",
 * "expected":{"action":"sendMessage","data":"<text>"}}}. {@code message} is always the server's own text; what the
 * client sent is only ever echoed as the separate JSON string {@code action}, so no client input can put words in
 * the server's mouth.
 */
record Notice(String code, String message, String receivedAction) {

    Notice(String code, String message) {
        this(code, message, null);
    }

    String toJson() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("action", "sendMessage");
        expected.put("data", "<text>");
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("type", "error");
        notice.put("code", code);
        notice.put("message", message);
        if (receivedAction != null) {
            notice.put("action", receivedAction);
        }
        notice.put("expected", expected);
        return Json.write(notice);
    }
}
