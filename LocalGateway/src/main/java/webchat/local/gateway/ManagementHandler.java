package webchat.local.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Serves the stage's paths with the @connections API; other paths go to the wrapped handler. */
final class ManagementHandler extends Handler.Wrapper {

    private final ManagementApi api;
    private final Duration delay;
    private final ConnectionsGuard guard;

    ManagementHandler(ManagementApi api, Duration delay, ConnectionsGuard guard, Handler next) {
        super(next);
        this.api = api;
        this.delay = delay;
        this.guard = guard;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var rawPath = request.getHttpURI().getPath();
        if (!api.owns(rawPath)) {
            return super.handle(request, response, callback);
        }
        var refused = guard.refusal(request);
        if (refused != null) {
            return send(refused, response, callback);
        }
        var body = readBody(request);
        if (delay.isPositive()) {
            Thread.sleep(delay);
        }
        return send(api.handle(request.getMethod(), rawPath, body), response, callback);
    }

    private static boolean send(ManagementApi.Reply reply, Response response, Callback callback) {
        response.setStatus(reply.status());
        reply.headers().forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    private static byte[] readBody(Request request) throws IOException {
        try (var in = Request.asInputStream(request)) {
            return in.readNBytes(ManagementApi.MAX_POST_BYTES + 1);
        }
    }
}
