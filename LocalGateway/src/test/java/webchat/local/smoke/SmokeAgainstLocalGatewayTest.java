package webchat.local.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import webchat.local.LocalChat;
import webchat.local.LocalChatOptions;

/** The smoke test against the whole chat running locally: the real template, functions and dynalite. */
class SmokeAgainstLocalGatewayTest {

    private static LocalChat chat;

    @BeforeAll
    static void startTheChat() throws Exception {
        Path root = Path.of(System.getProperty("webchat.projectRoot", "..")).toAbsolutePath().normalize();
        chat = LocalChat.start(LocalChatOptions.builder(root).port(0).build());
    }

    @AfterAll
    static void stopTheChat() {
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void everyCheckPassesAgainstTheLocalGateway() {
        // 30 s: each function's first invocation is a cold JVM start, slow on a loaded machine
        Run run = smoke("--clients", "3", "--timeout", "30", String.valueOf(chat.webSocketUrl()));
        List<String> lines = run.lines();

        assertEquals(0, run.exitCode(), String.join("\n", lines));
        assertEquals("7 passed, 0 failed", lines.getLast(), String.join("\n", lines));
        assertEquals(7, lines.stream().filter(l -> l.matches("PASS .+  \\d+ ms")).count(), String.join("\n", lines));
    }

    @Test
    void aStageTheGatewayDoesNotServeFailsTheConnectCheck() {
        String wrongStage = String.valueOf(chat.webSocketUrl()).replaceAll("/[^/]+$", "/nosuchstage");

        Run run = smoke("--clients", "2", wrongStage);
        List<String> lines = run.lines();

        String connect = lines.stream().filter(l -> l.startsWith("FAIL connect 2 clients")).findFirst().orElseThrow(
                () -> new AssertionError(String.join("\n", lines)));
        assertTrue(connect.contains("expected 2 open connections to " + wrongStage + "; got 0"), connect);
        assertTrue(connect.contains("handshake refused with HTTP "), connect);
        assertEquals("0 passed, 1 failed", lines.getLast());
        assertEquals(1, run.exitCode());
    }

    private record Run(int exitCode, List<String> lines) {
    }

    private static Run smoke(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = SmokeTest.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
