package webchat.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webchat.local.build.BuildException;
import webchat.local.testing.TestClient;

/**
 * {@code ./webchat start --template} on another SAM WebSocket app whose Java functions were never built
 * (src/test/resources/apps/typed-chat): it builds them as sam build does, names what it cannot run, and serves the
 * app's own route selection expression, stage, refusing $connect and two-way route.
 */
class AnySamAppEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void aNeverBuiltAppIsBuiltAndServedWithItsOwnRoutesAndStage() throws Exception {
        // given: a fresh copy of the app, nothing built
        Path app = copyOfTheApp();
        List<String> console = new CopyOnWriteArrayList<>();

        // when
        try (LocalChat chat = LocalChat.start(options(app, console))) {
            // then: the shared Maven project was built once, in the aws-lambda-builders way, with progress lines
            assertTrue(Files.isDirectory(app.resolve("handlers/target/classes/example")), "classes installed");
            assertTrue(Files.exists(app.resolve("handlers/target/dependency/com.amazonaws.aws-lambda-java-core-1.4.0.jar")),
                    "runtime jars named as sam build names them");
            assertEquals(1, count(console, "building GateFunction + EchoFunction (never built): mvn -B clean install "
                    + "-DskipTests, then mvn -B dependency:copy-dependencies -DincludeScope=runtime "
                    + "-Dmdep.prependGroupId=true"), String.join("\n", console));
            assertEquals(1, count(console, "built GateFunction + EchoFunction in "), String.join("\n", console));
            assertEquals(1, count(console, "warning: Resource ShoutFunction: runtime python3.13 is not supported "
                    + "locally (only Java functions built with Maven run here); its routes answer Internal server error"));
            assertEquals(1, count(console, "not emulated locally (they matter once deployed): 1 AWS::Logs::LogGroup"));
            assertEquals("/beta", chat.webSocketUrl().getPath());

            // $connect refuses a client without the pass with the function's status
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> TestClient.connect(chat.webSocketUrl()));
            assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

            try (TestClient client = TestClient.connect(URI.create(chat.webSocketUrl() + "?pass=open-sesame"))) {
                // the two-way route answers the sender, selected by $request.body.type
                client.send("{\"type\":\"echo\",\"text\":\"hi\"}");
                assertEquals("echo: {\"type\":\"echo\",\"text\":\"hi\"}", client.next(WAIT));

                // $default is the Python function: API Gateway's integration failure, not a crashed gateway
                client.send("{\"action\":\"echo\"}");
                JsonNode failure = JSON.readTree(client.next(WAIT));
                assertEquals("Internal server error", failure.path("message").asText());
            }
            // the function's EMF line reaches the console like any other log line
            assertEquals(1, console.stream().filter(line -> line.startsWith("[EchoFunction] {\"_aws\":{\"Timestamp\":")
                    && line.endsWith("\"Echoes\":1}")).count(), String.join("\n", console));
        }
    }

    @Test
    void aFailedBuildNamesTheFunctionAndShowsMavensLastLines() throws Exception {
        Path app = copyOfTheApp();
        Files.writeString(app.resolve("handlers/src/main/java/example/EchoHandler.java"),
                "package example; public class EchoHandler { int broken = ; }");

        BuildException failed = assertThrows(BuildException.class,
                () -> LocalChat.start(options(app, new CopyOnWriteArrayList<>())).close());

        String message = failed.getMessage();
        assertTrue(message.startsWith("Building GateFunction + EchoFunction failed: `mvn -B clean install "
                + "-DskipTests` exited with 1"), message);
        assertTrue(message.contains("Last lines of Maven's output:"), message);
        assertTrue(message.contains("[ERROR]") && message.contains("EchoHandler.java"), message);
        assertTrue(message.contains("Maven's whole output: "), message);
        deleteTree(Path.of(message.substring(message.lastIndexOf(": ") + 2)).getParent());
    }

    /** A failed build keeps its scratch folder for the user; the test does not. */
    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private LocalChatOptions options(Path app, List<String> console) {
        return LocalChatOptions.builder(TestPaths.projectRoot()).template(app.resolve("template.yaml")).port(0)
                .console(console::add).build();
    }

    private Path copyOfTheApp() throws IOException {
        Path source = TestPaths.projectRoot().resolve("LocalGateway/src/test/resources/apps/typed-chat");
        Path app = workDir.resolve("typed-chat");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = app.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return app;
    }

    private static long count(List<String> console, String text) {
        return console.stream().filter(line -> line.contains(text)).count();
    }
}
