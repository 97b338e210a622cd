package webchat.local.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebClientHandlerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Server server;
    private int port;

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private void serve(Path webRoot) throws Exception {
        server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new WebClientHandler(webRoot, "dev"));
        server.start();
        port = connector.getLocalPort();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rootServesIndexHtmlAndFilesHaveTheirContentTypes(@TempDir Path dir) throws Exception {
        var site = Files.createDirectory(dir.resolve("web"));
        Files.writeString(site.resolve("index.html"), "<title>chat</title>");
        Files.writeString(site.resolve("app.js"), "connect();");
        Files.writeString(site.resolve("style.css"), "body{}");
        serve(site);

        var index = get("/");
        assertEquals(200, index.statusCode());
        assertEquals("<title>chat</title>", index.body());
        assertTrue(index.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        for (var file : Map.of("/app.js", "javascript", "/style.css", "text/css").entrySet()) {
            var response = get(file.getKey());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElseThrow().contains(file.getValue()),
                    file.getKey());
        }
    }

    @Test
    void configJsonNamesTheWebSocketUrlOfTheStage(@TempDir Path dir) throws Exception {
        serve(null);

        var config = get("/config.json");

        assertEquals(200, config.statusCode());
        assertTrue(config.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("{\"webSocketUrl\":\"ws://127.0.0.1:" + port + "/dev\"}", config.body());
    }

    @Test
    void directoriesAreNotListedAndNothingOutsideTheRootIsServed(@TempDir Path dir) throws Exception {
        var site = Files.createDirectory(dir.resolve("web"));
        Files.writeString(site.resolve("index.html"), "<title>chat</title>");
        Files.createDirectory(site.resolve("img"));
        Files.writeString(site.resolve("img").resolve("logo.svg"), "<svg/>");
        Files.writeString(dir.resolve("secret.txt"), "top secret");
        serve(site);

        assertNotEquals(200, get("/img/").statusCode());
        assertFalse(get("/img/").body().contains("logo.svg"));
        for (var path : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/img/..%2f..%2fsecret.txt"}) {
            var response = get(path);
            assertNotEquals(200, response.statusCode(), path);
            assertFalse(response.body().contains("top secret"), path);
        }
        assertEquals(404, get("/missing.html").statusCode());
    }

    @Test
    void withoutAWebClientTheRootSaysSoInPlainText(@TempDir Path dir) throws Exception {
        serve(dir);

        var root = get("/");

        assertEquals(200, root.statusCode());
        assertTrue(root.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(root.body().contains("web client is not here"));
        assertEquals(404, get("/index.html").statusCode());
    }
}
