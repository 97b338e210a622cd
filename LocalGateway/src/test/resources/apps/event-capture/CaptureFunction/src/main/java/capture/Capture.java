package capture;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes every event exactly as it arrived (raw bytes, nothing deserialised) to a new file in CAPTURE_DIR, then
 * answers as the connection's query string asks: mode=refuse (403), mode=throw (an exception), protocol=X (accept
 * with that Sec-WebSocket-Protocol).
 */
public class Capture implements RequestStreamHandler {

    private static final Pattern MODE = Pattern.compile("\"mode\":\"(\\w+)\"");
    private static final Pattern PROTOCOL = Pattern.compile("\"protocol\":\"([\\w.-]+)\"");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        write(event);
        String response = "{\"statusCode\":200}";
        if (event.contains("\"eventType\":\"CONNECT\"")) {
            String mode = find(MODE, event);
            if ("throw".equals(mode)) {
                throw new IllegalStateException("refusing this connection by throwing");
            }
            if ("refuse".equals(mode)) {
                response = "{\"statusCode\":403}";
            }
            String protocol = find(PROTOCOL, event);
            if (protocol != null) {
                response = "{\"statusCode\":200,\"headers\":{\"Sec-WebSocket-Protocol\":\"" + protocol + "\"}}";
            }
        }
        output.write(response.getBytes(StandardCharsets.UTF_8));
    }

    static void write(String event) throws IOException {
        Path folder = Path.of(System.getenv("CAPTURE_DIR"));
        Path temporary = folder.resolve(UUID.randomUUID() + ".tmp");
        Files.writeString(temporary, event);
        Files.move(temporary, folder.resolve(System.nanoTime() + "-" + UUID.randomUUID() + ".json"));
    }

    static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }
}
