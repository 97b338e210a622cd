package webchat.local.gateway;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/** The stage's WebSocket URL: the upgrade waits for $connect, which can refuse it with an HTTP status. */
final class WebSocketEndpoint implements WebSocketCreator {

    private final ApiStage stage;

    WebSocketEndpoint(ApiStage stage) {
        this.stage = stage;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        var result = stage.connect(handshake(request));
        if (!result.accepted()) {
            response.setStatus(result.status());
            response.write(true, ByteBuffer.allocate(0), callback);
            return null;
        }
        var protocol = result.headers().get("Sec-WebSocket-Protocol");
        if (protocol != null) {
            response.setAcceptedSubProtocol(protocol);
        }
        // No permessage-deflate: API Gateway negotiates no extensions, and with compression a browser's full 32 KB
        // frame would inflate past Jetty's buffer and close with 1009 where AWS accepts it.
        response.setExtensions(List.of());
        return new ChatSocket(stage, result.connection());
    }

    /** The handshake as the client sent it: header names in its spelling, no header added. */
    private Handshake handshake(ServerUpgradeRequest request) {
        var headers = new LinkedHashMap<String, List<String>>();
        for (var field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new java.util.ArrayList<>()).add(field.getValue());
        }
        var sourceIp = Request.getRemoteAddr(request);
        var query = new LinkedHashMap<String, List<String>>();
        for (var field : Request.extractQueryParameters(request)) {
            query.put(field.getName(), field.getValues());
        }
        var userAgent = request.getHeaders().get(HttpHeader.USER_AGENT);
        return new Handshake(Collections.unmodifiableMap(headers), Collections.unmodifiableMap(query), sourceIp,
                userAgent);
    }
}
