package webchat.sendmessage;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/**
 * A notice to one client:
 * {@code {"type":"error","code":"...","message":"...","expected":{"action":"sendMessage","data":"<text>"}}}.
 */
record Notice(String code, String message) {

    String toJson() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("action", "sendMessage");
        expected.put("data", "<text>");
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("type", "error");
        notice.put("code", code);
        notice.put("message", message);
        notice.put("expected", expected);
        return Json.write(notice);
    }

    SdkBytes toBytes() {
        return SdkBytes.fromUtf8String(toJson());
    }
}
