package webchat.sendmessage;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

/** What a client receives, parsed back: each frame must be exactly one JSON object. */
final class Frames {

    private Frames() {
    }

    static Map<String, Object> parse(String frame) {
        try {
            if (!(Json.read(frame) instanceof Map<?, ?>)) {
                throw new AssertionError("not a JSON object: " + frame);
            }
            return JSON.std.mapFrom(frame);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + frame, e);
        }
    }

    /** A broadcast frame: asserts it is a message envelope and returns it. */
    static Map<String, Object> envelope(PostToConnectionRequest post) {
        Map<String, Object> frame = parse(post.data().asUtf8String());
        if (!"message".equals(frame.get("type"))) {
            throw new AssertionError("not a message envelope: " + frame);
        }
        return frame;
    }
}
