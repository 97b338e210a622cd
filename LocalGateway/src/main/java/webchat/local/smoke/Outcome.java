package webchat.local.smoke;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** The result of one check: passed, or failed with what was expected and what came instead. */
record Outcome(boolean passed, String detail) {

    static Outcome pass() {
        return new Outcome(true, "");
    }

    static Outcome fail(String expected, String got) {
        return new Outcome(false, "expected " + expected + "; got " + got);
    }

    /** A duration as the report prints it: "10 s" or "2500 ms". */
    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** What went wrong, in a few words for a report line: the handshake status, a timeout, a refused connection. */
    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof WebSocketHandshakeException handshake) {
            return "handshake refused with HTTP " + handshake.getResponse().statusCode();
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (cause instanceof ConnectException) {
            return "connection refused (is anything listening there?)";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
