package webchat.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import webchat.local.dynamodb.TableCreator;
import webchat.local.lambda.Invocation;
import webchat.local.testing.ChatMessage;
import webchat.local.testing.TestClient;
import webchat.local.warmup.NoOpFunction;

/** The local chat started in its other shapes: a database that is down, a configured endpoint, one-off invocations. */
class LocalChatEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The template's default SendRateLimit. */
    private static final int RATE_LIMIT = 10;
    private static final int RATE_WINDOW_SECONDS = 2;

    @Test
    void theStartWarmsTheStackWithoutInvokingTheTemplatesFunctionsTouchingTheStageOrLeavingATable() throws Exception {
        // given: everything the start prints
        List<String> console = new CopyOnWriteArrayList<>();
        try (LocalChat chat = LocalChat.start(options().console(line -> {
            System.out.println(line);
            console.add(line);
        }).build())) {
            // then: the warm-up ran, on a twin of the stage, its own function and a scratch table: each visit to the
            // twin invoked the warm-up function on every route it took ($connect, the messages, $default,
            // $disconnect; the last visit's $disconnect may still be under way), TLS handshakes were made with the
            // twin's https port, the warm-up function's JVM is gone, no template function was invoked, the real stage
            // saw no connection, and the only table left is the template's
            Pattern warmedUp = Pattern.compile("webchat: +warmed up the gateway \\((\\d+) invocations of a warm-up "
                    + "function, (\\d+) TLS handshakes\\) and DynamoDB with \\d+ requests in \\d+ ms");
            String warmUpLine = console.stream().filter(l -> warmedUp.matcher(l).matches()).findFirst()
                    .orElseThrow(() -> new AssertionError("no warm-up line in " + console));
            Matcher counts = warmedUp.matcher(warmUpLine);
            assertTrue(counts.matches());
            int perVisitAtLeast = 1 + StackWarmUp.MESSAGES_PER_CONNECTION + 1 + 1;
            assertTrue(Integer.parseInt(counts.group(1)) >= StackWarmUp.ROUNDS * perVisitAtLeast - 1, warmUpLine);
            // and full TLS handshakes with the twin's https port (TlsServerWarmUp): at least one, at most its cap
            int handshakes = Integer.parseInt(counts.group(2));
            assertTrue(handshakes >= 1 && handshakes <= TlsServerWarmUp.MAX, warmUpLine);
            assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("")
                    .contains(NoOpFunction.class.getName())), "the warm-up function's JVM still runs");
            assertTrue(console.stream().noneMatch(line -> line.contains("RequestId:")), console::toString);
            assertTrue(console.stream().noneMatch(line -> line.matches("(CONNECT|MESSAGE|DISCONNECT) .*")),
                    console::toString);
            assertTrue(chat.connectionIds().isEmpty());
            try (var dynamoDb = TableCreator.localClient(chat.dynamoDbEndpoint(), "us-east-1")) {
                assertEquals(List.of(chat.application().tables().getFirst().tableName()),
                        dynamoDb.listTables().tableNames());
            }

            // when: the first client connects
            try (TestClient client = TestClient.connect(chat.webSocketUrl())) {
                // then: its $connect was the restored environment's first invocation, as on Lambda
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (console.stream().noneMatch(LocalChatEndToEndTest::restoredConnect)
                        && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                assertTrue(console.stream().anyMatch(LocalChatEndToEndTest::restoredConnect), console::toString);
            }
        }
    }

    @Test
    void aConnectionThatCannotBeStoredIsRefusedAtTheHandshake() throws Exception {
        // given: DynamoDB goes down after start, so ConnectFunction cannot store the id
        try (LocalChat chat = LocalChat.start(options().build())) {
            chat.dynalite().close();

            // when / then: API Gateway refuses the upgrade with the function's status
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> TestClient.connect(chat.webSocketUrl()));
            WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
            assertEquals(500, handshake.getResponse().statusCode());
            assertTrue(chat.connectionIds().isEmpty());
        }
    }

    @Test
    void aManagementEndpointTakenFromConfigurationCarriesTheBroadcast() throws Exception {
        // given: the template's ManagementEndpoint parameter names the local http endpoint, as for a custom domain
        int port = freePort();
        try (LocalChat chat = LocalChat.start(options().port(port)
                .parameterOverrides(Map.of("ManagementEndpoint", "http://127.0.0.1:" + port + "/dev")).build());
             TestClient alice = TestClient.connect(chat.webSocketUrl());
             TestClient bob = TestClient.connect(chat.webSocketUrl())) {
            assertEquals("http://127.0.0.1:" + port + "/dev",
                    chat.application().functions().get("SendMessageFunction").environment().get("MANAGEMENT_ENDPOINT"));

            alice.sendMessage("configured");

            assertEquals("configured", alice.nextText(WAIT));
            assertEquals("configured", bob.nextText(WAIT));
        }
    }

    @Test
    void aClientSendingSixtyMessagesAtOnceGetsTheLimitThroughAndRateLimitedForTheRestThenSendsAgain()
            throws Exception {
        // given a stack whose window is short (the limit stays at its default of 10), a sender and two others
        try (LocalChat chat = LocalChat.start(options().parameterOverrides(
                Map.of("SendRateWindowSeconds", Integer.toString(RATE_WINDOW_SECONDS))).build());
             TestClient flood = TestClient.connect(chat.webSocketUrl(), "Flood");
             TestClient bob = TestClient.connect(chat.webSocketUrl(), "Bob");
             TestClient carol = TestClient.connect(chat.webSocketUrl(), "Carol")) {

            // when the sender sends 60 messages as fast as it can
            long started = System.nanoTime();
            for (int i = 0; i < 60; i++) {
                flood.sendMessage("flood " + i, "flood-" + i);
            }

            // then each frame gets one answer: its own copy when it went through, RATE_LIMITED when it did not
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                answers.add(flood.next(WAIT));
            }
            long windowsSpanned = 1 + (System.nanoTime() - started) / TimeUnit.SECONDS.toNanos(RATE_WINDOW_SECONDS);
            Set<String> delivered = new HashSet<>();
            List<JsonNode> limited = new ArrayList<>();
            for (String answer : answers) {
                if (ChatMessage.isMessage(answer)) {
                    assertTrue(delivered.add(ChatMessage.parse(answer).clientMessageId()), "a duplicate: " + answer);
                } else {
                    assertEquals("RATE_LIMITED", ChatMessage.noticeCode(answer), answer);
                    limited.add(JSON.readTree(answer));
                }
            }
            assertTrue(delivered.size() <= RATE_LIMIT * windowsSpanned, delivered.size() + " got through in "
                    + windowsSpanned + " window(s) of " + RATE_WINDOW_SECONDS + " s");
            assertEquals(60, delivered.size() + limited.size());
            JsonNode notice = limited.getLast();
            long retryAfterMs = notice.path("retryAfterMs").asLong(-1);
            assertTrue(retryAfterMs >= 0 && retryAfterMs <= RATE_WINDOW_SECONDS * 1000L, notice::toString);
            assertTrue(notice.path("message").asText().contains("at most " + RATE_LIMIT + " messages"),
                    notice::toString);

            // and the others received exactly what went through, each message once, nothing more
            for (TestClient other : List.of(bob, carol)) {
                Set<String> received = new HashSet<>();
                for (int i = 0; i < delivered.size(); i++) {
                    ChatMessage message = other.nextMessage(WAIT);
                    assertEquals("Flood", message.fromName());
                    assertTrue(received.add(message.clientMessageId()), "a duplicate: " + message);
                }
                assertEquals(delivered, received);
                assertEquals(List.of(), other.drain(Duration.ofMillis(300)), "more than went through");
            }

            // when the window has passed, the sender can send again
            Thread.sleep(retryAfterMs + 200);
            flood.sendMessage("calm again", "calm");
            for (TestClient client : List.of(flood, bob, carol)) {
                assertEquals("calm", client.nextMessage(WAIT).clientMessageId());
            }
        }
    }

    @ParameterizedTest(name = "{0} with events/{1}")
    @CsvSource({
        "ConnectFunction, connect.json",
        "DisconnectFunction, disconnect.json",
        "DefaultFunction, default.json",
        "SendMessageFunction, sendMessage.json"
    })
    void invokeRunsASampleEventThroughItsFunctionAndReturnsTheResponse(String function, String eventFile)
            throws Exception {
        String event = Files.readString(TestPaths.projectRoot().resolve("events").resolve(eventFile));
        try (LocalChat chat = LocalChat.start(options().port(0).build())) {
            Invocation result = chat.invoke(function, event);

            assertTrue(result.succeeded(), result.outcome() + ": " + result.payload());
            assertEquals(200, JSON.readTree(result.payload()).path("statusCode").asInt(), result.payload());
        }
    }

    private static boolean restoredConnect(String line) {
        return line.startsWith("[ConnectFunction] REPORT RequestId:") && line.contains("Restore Duration:");
    }

    private static LocalChatOptions.Builder options() {
        return LocalChatOptions.builder(TestPaths.projectRoot()).port(0)
                // The chat's behaviour, not its speed: no broadcast warm-up in SendMessage's priming (it would spend
                // up to 45 s of CPU at every start and for every environment prepared in reserve).
                .parameterOverrides(Map.of("BroadcastPrimingSeconds", "0")).console(System.out::println);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
