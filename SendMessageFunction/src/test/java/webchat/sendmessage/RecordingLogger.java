package webchat.sendmessage;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A LambdaLogger that keeps every line, as the Lambda runtime would print it. */
final class RecordingLogger implements LambdaLogger {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void log(String message) {
        lines.add(message);
    }

    @Override
    public void log(byte[] message) {
        lines.add(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public void log(String message, LogLevel level) {
        lines.add(level + " " + message);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
