package webchat.local.warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The handler of the local stack's warm-up function: it reads its event and answers 200 at once. The gateway runs it
 * through the official runtime interface client, in a JVM of its own, before it announces readiness, so that its own
 * invocation path (environment pool, restore, Runtime API, report lines) has run before a real function's first
 * invocation does. It depends on nothing but the JDK, because it is copied out of the gateway's jar as one class file.
 */
public final class NoOpFunction {

    private static final byte[] OK = "{\"statusCode\":200}".getBytes(StandardCharsets.US_ASCII);

    /** The runtime client calls this for {@code webchat.local.warmup.NoOpFunction::handleRequest}. */
    public void handleRequest(InputStream event, OutputStream response) throws IOException {
        event.transferTo(OutputStream.nullOutputStream());
        response.write(OK);
    }
}
