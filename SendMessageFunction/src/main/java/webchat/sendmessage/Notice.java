package webchat.sendmessage;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/**
 * A server notice to one client, the only frames of type {@code error}:
 * {@code {"type":"error","code":"...","message":"...", ...details}}. A protocol error's details are
 * {@code "expected":{"action":"sendMessage","data":"<text>"}}; RATE_LIMITED's are {@code "retryAfterMs":7000}.
 */
record Notice(String code, String message, Map<String, Object> details) {

    /** A notice about a malformed message: it shows the message shape that works. */
    Notice(String code, String message) {
        this(code, message, Map.of("expected", expected()));
    }

    static Notice rateLimited(int limit, long windowSeconds, long retryAfterMs) {
        long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
        return new Notice("RATE_LIMITED", "You are sending too fast: at most " + limit + " messages every "
                + windowSeconds + " s. You can send again in " + seconds + " s.",
                Map.of("retryAfterMs", retryAfterMs));
    }

    String toJson() {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("type", "error");
        notice.put("code", code);
        notice.put("message", message);
        notice.putAll(details);
        return Json.write(notice);
    }

    SdkBytes toBytes() {
        return SdkBytes.fromUtf8String(toJson());
    }

    private static Map<String, Object> expected() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("action", "sendMessage");
        expected.put("data", "<text>");
        return expected;
    }
}
