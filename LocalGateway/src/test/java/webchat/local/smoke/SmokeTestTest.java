package webchat.local.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTestTest {

    private record Run(int exitCode, List<String> lines) {
        String line(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in " + lines));
        }
    }

    private static Run smoke(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = SmokeTest.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aFaithfulChatPassesEveryCheckAndExitsZero() throws Exception {
        try (FakeChat chat = FakeChat.start(FakeChat.Fault.NONE)) {
            Run run = smoke("--clients", "3", "--timeout", "5", chat.webSocketUrl().toString());

            assertEquals(0, run.exitCode(), String.join("\n", run.lines()));
            assertTrue(run.line("PASS connect 3 clients").matches("PASS connect 3 clients  \\d+ ms"), run.lines()::toString);
            assertEquals(7, run.lines().stream().filter(l -> l.startsWith("PASS ")).count(), run.lines()::toString);
            assertEquals("7 passed, 0 failed", run.lines().getLast());
        }
    }

    @Test
    void aBroadcastDeliveredTwiceFailsWithHowOftenEachClientGotIt() throws Exception {
        try (FakeChat chat = FakeChat.start(FakeChat.Fault.BROADCAST_TWICE)) {
            Run run = smoke("--clients=2", chat.webSocketUrl().toString());

            assertEquals(1, run.exitCode());
            String failure = run.line("FAIL broadcast reaches every client exactly once");
            assertTrue(failure.contains("exactly once; got client 1 2 times, client 2 2 times"), failure);
            assertEquals("5 passed, 2 failed", run.lines().getLast(), String.join("\n", run.lines()));
        }
    }

    @Test
    void aServerThatBroadcastsBareTextFailsTheEnvelopeAndSpoofChecks() throws Exception {
        try (FakeChat chat = FakeChat.start(FakeChat.Fault.BARE_TEXT_BROADCAST)) {
            Run run = smoke("--clients", "2", chat.webSocketUrl().toString());

            assertEquals(1, run.exitCode());
            String broadcast = run.line("FAIL broadcast reaches every client exactly once");
            assertTrue(broadcast.contains("to receive {\"type\":\"message\"} with text \"smoke test "), broadcast);
            assertTrue(broadcast.contains("got client 1 0 times, client 2 0 times; other frames: [client "), broadcast);
            assertTrue(broadcast.contains(": smoke test "), broadcast);
            String spoof = run.line("FAIL text shaped like a notice arrives as a message from its sender");
            assertTrue(spoof.contains("from smoke-1 exactly once; got client 1 0 times"), spoof);
            assertEquals("5 passed, 2 failed", run.lines().getLast());
        }
    }

    @Test
    void aNameOtherThanTheOneTheClientConnectedWithFailsTheBroadcastCheck() throws Exception {
        try (FakeChat chat = FakeChat.start(FakeChat.Fault.NONE)) {
            Run run = smoke("--clients", "1", chat.webSocketUrl().toString().replace("/dev", "/dev?name=x"));

            assertEquals(1, run.exitCode());
            String failure = run.line("FAIL broadcast reaches every client exactly once");
            assertTrue(failure.contains("but from.name \"x\" instead of \"smoke-1\""), failure);
        }
    }

    @Test
    void badDataBroadcastToEveryoneFailsTheSenderOnlyCheck() throws Exception {
        try (FakeChat chat = FakeChat.start(FakeChat.Fault.BAD_DATA_BROADCAST)) {
            Run run = smoke("--clients", "2", chat.webSocketUrl().toString());

            assertEquals(1, run.exitCode());
            String failure = run.line("FAIL non-string data gets DATA_NOT_STRING");
            assertTrue(failure.contains("expected client 1 alone to get {\"type\":\"error\",\"code\":\"DATA_NOT_STRING\"}"), failure);
            assertTrue(failure.contains("client 2: 42"), failure);
        }
    }

    @Test
    void nothingListeningFailsTheConnectCheckAndSkipsTheRest() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Run run = smoke("ws://127.0.0.1:" + port + "/dev");

        assertEquals(1, run.exitCode());
        String failure = run.line("FAIL connect 3 clients");
        assertTrue(failure.contains("expected 3 open connections to ws://127.0.0.1:" + port + "/dev; got 0"), failure);
        assertTrue(failure.contains("connection refused"), failure);
        assertEquals("0 passed, 1 failed", run.lines().getLast());
    }

    @Test
    void badUsageExitsTwoWithTheReasonAndAUsageLine() {
        for (String[] args : List.of(new String[0], new String[] {"http://example.com/dev"},
                new String[] {"--clients", "0", "ws://127.0.0.1:1/dev"}, new String[] {"--timeout"},
                new String[] {"--verbose", "ws://127.0.0.1:1/dev"})) {
            Run run = smoke(args);

            assertEquals(2, run.exitCode(), List.of(args)::toString);
            assertTrue(run.lines().getFirst().startsWith("smoke: "), run.lines()::toString);
            assertTrue(run.lines().getLast().startsWith("usage: webchat smoke [--clients N] [--timeout SECONDS] URL"));
        }
    }
}
