package webchat.local.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * In front of everything the gateway answers, on both ports (web page, WebSocket upgrades, @connections): refuses
 * with 403 a request whose Host is not this gateway ({@link HostCheck}) or whose Origin is a foreign web page
 * ({@link OriginCheck}), and says on the console which option would allow it.
 */
final class LocalAccessHandler extends Handler.Wrapper {

    private final HostCheck hosts;
    private final OriginCheck origins;
    private final RefusalLog log;

    LocalAccessHandler(HostCheck hosts, OriginCheck origins, RefusalLog log, Handler next) {
        super(next);
        this.hosts = hosts;
        this.origins = origins;
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var host = request.getHeaders().get(HttpHeader.HOST);
        var port = Request.getLocalPort(request);
        if (!hosts.allows(host, port, request.isSecure())) {
            log.refused("host " + host, "refused a request for Host " + host + ": the gateway answers only "
                    + hosts.describe() + " on port " + port + " (another name could be a web page using DNS"
                    + " rebinding). If you use that name yourself, start with --allowed-host " + HostCheck.nameOf(host));
            return forbidden(response, callback, "This local gateway does not answer requests for Host " + host);
        }
        var origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!origins.allows(origin, host)) {
            var what = request.getHeaders().contains(HttpHeader.UPGRADE) ? "a WebSocket connection" : "a request";
            log.refused("origin " + origin, "refused " + what + " from the web page at " + origin + ": only the"
                    + " gateway's own page and pages on localhost, 127.0.0.1 or [::1] may connect. To allow that"
                    + " front end, start with --allow-origin " + origin);
            return forbidden(response, callback, "This local gateway does not answer pages from " + origin);
        }
        return super.handle(request, response, callback);
    }

    private static boolean forbidden(Response response, Callback callback, String message) {
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
