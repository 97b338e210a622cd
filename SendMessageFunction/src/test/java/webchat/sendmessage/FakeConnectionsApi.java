package webchat.sendmessage;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback @connections API: POST /{stage}/@connections/{id} answers 200, or 410 with AWS's GoneException error
 * header for the ids it is told are gone. Remembers the raw paths and bodies it was sent.
 */
final class FakeConnectionsApi implements AutoCloseable {

    record Post(String rawPath, String body) {
    }

    private final HttpServer server;
    private final List<Post> posts = new CopyOnWriteArrayList<>();

    FakeConnectionsApi(Set<String> goneIds) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String rawPath = exchange.getRequestURI().getRawPath();
            posts.add(new Post(rawPath, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            String id = URLDecoder.decode(rawPath.substring(rawPath.lastIndexOf('/') + 1),
                    StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-RequestId", "fake-request");
            if (goneIds.contains(id)) {
                byte[] body = "{\"message\":null}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "GoneException");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(410, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String endpoint(String stage) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + stage;
    }

    List<Post> posts() {
        return List.copyOf(posts);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
