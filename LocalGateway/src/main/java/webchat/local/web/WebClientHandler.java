package webchat.local.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Serves the browser client: the web root's files (index.html for {@code /}, no directory listings, nothing outside
 * the root) and {@code /config.json} telling the page where the WebSocket API is.
 */
public final class WebClientHandler extends Handler.Wrapper {

    private final String stage;
    private final boolean hasSite;

    /** @param webRoot the client's folder, or null when there is none */
    public WebClientHandler(Path webRoot, String stage) {
        this.stage = stage;
        this.hasSite = webRoot != null && Files.isRegularFile(webRoot.resolve("index.html"));
        if (hasSite) {
            var files = new ResourceHandler();
            files.setBaseResource(ResourceFactory.root().newResource(webRoot.toAbsolutePath().normalize()));
            files.setDirAllowed(false);
            files.setWelcomeFiles(List.of("index.html"));
            files.setEtags(true);
            files.setCacheControl("no-cache");
            setHandler(files);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var path = request.getHttpURI().getPath();
        if ("/config.json".equals(path)) {
            return send(response, callback, "application/json", configJson(request));
        }
        if (!hasSite) {
            if (!"/".equals(path)) {
                return false;
            }
            return send(response, callback, "text/plain;charset=utf-8",
                    "The web client is not here: start the gateway with a web root that holds index.html.\n");
        }
        return super.handle(request, response, callback);
    }

    private String configJson(Request request) {
        var scheme = request.isSecure() ? "wss" : "ws";
        var url = scheme + "://" + Request.getServerName(request) + ":" + Request.getServerPort(request) + "/" + stage;
        return "{\"webSocketUrl\":\"" + url.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private static boolean send(Response response, Callback callback, String contentType, String body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
