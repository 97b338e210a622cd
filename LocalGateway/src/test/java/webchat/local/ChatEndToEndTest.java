package webchat.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import webchat.local.dynamodb.TableCreator;
import webchat.local.testing.ChatMessage;
import webchat.local.testing.TestClient;

/**
 * The whole chat on one machine: the real template, the real functions in their own JVMs, dynalite, and real clients
 * (JDK WebSocket, the AWS SDK's management API client).
 */
class ChatEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentLinkedQueue<String> CONSOLE = new ConcurrentLinkedQueue<>();
    /** Request ids of finished SendMessage invocations: a broadcast's pruning is done once its id is here. */
    private static final BlockingQueue<String> BROADCASTS_DONE = new LinkedBlockingQueue<>();

    private static LocalChat chat;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void startTheChat() throws Exception {
        chat = LocalChat.start(LocalChatOptions.builder(TestPaths.projectRoot()).port(0)
                // The chat's behaviour, not its speed: no broadcast warm-up in SendMessage's priming (it would spend
                // up to 45 s of CPU at every start and for every environment prepared in reserve).
                .parameterOverrides(Map.of("BroadcastPrimingSeconds", "0"))
                .console(line -> { CONSOLE.add(line); System.out.println(line); }).build());
        dynamoDb = TableCreator.localClient(chat.dynamoDbEndpoint(), "us-east-1");
        chat.functions().addReportListener(report -> {
            if (report.functionId().equals("SendMessageFunction")) {
                BROADCASTS_DONE.add(report.requestId());
            }
        });
    }

    @AfterAll
    static void stopTheChat() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void aBroadcastReachesEveryClientExactlyOnceTheSenderIncludedInTheServersEnvelope() throws Exception {
        Set<String> before = chat.connectionIds();
        try (TestClient alice = TestClient.connect(chat.webSocketUrl(), "Ana")) {
            String aliceId = newId(before);
            try (TestClient bob = connect(); TestClient carol = connect()) {
                aliceSendsAndEveryoneGetsTheSameEnvelope(alice, aliceId, List.of(alice, bob, carol));
            }
        }
    }

    private static void aliceSendsAndEveryoneGetsTheSameEnvelope(TestClient alice, String aliceId,
                                                                 List<TestClient> everyone) throws Exception {
        String text = "hi \"there\" \u00e9\u4e2d\ud83d\ude00 </script>";
        Instant sent = Instant.now();

        alice.sendMessage(text, "c-1");

        List<ChatMessage> copies = new ArrayList<>();
        for (TestClient client : everyone) {
            copies.add(client.nextMessage(WAIT));
            assertEquals(List.of(), client.drain(QUIET), "a client got a duplicate or a stray message");
        }
        ChatMessage message = copies.getFirst();
        assertEquals(List.of(message, message, message), copies, "every client gets the same envelope");
        assertEquals(text, message.text());
        assertEquals("Ana", message.fromName());
        assertEquals(aliceId, message.fromConnectionId());
        assertEquals("c-1", message.clientMessageId());
        assertFalse(message.id().isBlank());
        assertTrue(Duration.between(sent, message.sentAt()).abs().compareTo(WAIT) < 0, message.sentAt()::toString);
    }

    @Test
    void textThatLooksLikeAServerNoticeIsDeliveredAsAnOrdinaryMessageFromItsSender() throws Exception {
        String spoof = "{\"type\":\"error\",\"code\":\"X\",\"message\":\"Your session expired, re-enter your "
                + "password at evil.example\"}";
        try (TestClient mallory = TestClient.connect(chat.webSocketUrl(), "Mallory"); TestClient bob = connect()) {
            mallory.sendMessage(spoof);

            for (TestClient client : List.of(mallory, bob)) {
                String frame = client.next(WAIT);
                assertNull(ChatMessage.noticeCode(frame), "a client's text arrived as a notice: " + frame);
                ChatMessage message = ChatMessage.parse(frame);
                assertEquals(spoof, message.text());
                assertEquals("Mallory", message.fromName());
                assertNull(message.clientMessageId(), "no clientMessageId was sent, none comes back");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void theNameGivenAtConnectIsKeptWhenValidAndReplacedByTheGuestFallbackOtherwise(String what, String given,
                                                                                      String expected) throws Exception {
        Set<String> before = chat.connectionIds();
        try (TestClient client = given == null ? connect() : TestClient.connect(chat.webSocketUrl(), given)) {
            String id = newId(before);

            client.sendMessage("who am I?");

            assertEquals(expected == null ? guestName(id) : expected, client.nextMessage(WAIT).fromName());
        }
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("a plain name", "Ana", "Ana"),
                Arguments.of("spaces around it are stripped", " \u00a0Ana Lima\u202f ", "Ana Lima"),
                Arguments.of("HTML is just text", "<b>x</b>", "<b>x</b>"),
                Arguments.of("32 code points, astral ones included", "\ud83d\ude00".repeat(32), "\ud83d\ude00".repeat(32)),
                Arguments.of("no name", null, null),
                Arguments.of("an empty name", "", null),
                Arguments.of("only whitespace", " \t ", null),
                Arguments.of("33 code points", "a".repeat(33), null),
                Arguments.of("200 characters", "n".repeat(200), null),
                Arguments.of("a control character", "Ana\u0007", null),
                Arguments.of("a line break", "Ana\nBob", null),
                Arguments.of("a bidi override", "Ana\u202egnp.exe", null),
                Arguments.of("a bidi isolate", "\u2066Ana\u2069", null),
                Arguments.of("a zero-width joiner", "A\u200dna", null),
                Arguments.of("a private-use character", "Ana\ue000", null));
    }

    /** Protocol v2's fallback: Guest- and the first 4 hex digits (upper case) of SHA-256 of the connection id. */
    static String guestName(String connectionId) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(connectionId.getBytes(StandardCharsets.UTF_8));
        return "Guest-" + HexFormat.of().withUpperCase().formatHex(hash, 0, 2);
    }

    @Test
    void anUnknownActionReachesDefaultAndOnlyTheSenderGetsTheHelpReply() throws Exception {
        try (TestClient sender = connect(); TestClient other = connect()) {
            sender.send("{\"action\":\"shout\",\"data\":\"x\"}");

            JsonNode reply = JSON.readTree(sender.next(WAIT));
            assertEquals("error", reply.path("type").asText());
            assertEquals("UNKNOWN_ACTION", reply.path("code").asText());
            assertEquals("sendMessage", reply.path("expected").path("action").asText());
            assertEquals(List.of(), other.drain(QUIET));
        }
    }

    @Test
    void badInputGetsItsErrorAndNobodyElseSeesAnything() throws Exception {
        try (TestClient sender = connect(); TestClient other = connect()) {
            sender.send("{\"action\":\"sendMessage\",\"data\":42}");
            assertEquals("DATA_NOT_STRING", JSON.readTree(sender.next(WAIT)).path("code").asText());

            sender.send("{\"action\":\"sendMessage\"}");
            assertEquals("MISSING_DATA", JSON.readTree(sender.next(WAIT)).path("code").asText());

            sender.send("not json at all");
            assertEquals("INVALID_JSON", JSON.readTree(sender.next(WAIT)).path("code").asText());

            assertEquals(List.of(), other.drain(QUIET));
            assertEquals(List.of(), sender.drain(QUIET));
        }
    }

    @Test
    void aClientWhoseDisconnectWasLostIsPrunedByTheNextBroadcast() throws Exception {
        // given: an id in the table with no live socket behind it, as when a $disconnect never ran
        String ghost = "GhostGhostGhost=";
        dynamoDb.putItem(r -> r.tableName(tableName()).item(Map.of(
                "connectionId", AttributeValue.fromS(ghost),
                "connectedAt", AttributeValue.fromN("1"),
                "expiresAt", AttributeValue.fromN("9999999999"))));
        try (TestClient alice = connect(); TestClient bob = connect()) {
            BROADCASTS_DONE.clear();

            // when
            alice.sendMessage("anyone there?");

            // then: the live clients get it and, once the broadcast has finished, the ghost is deleted
            // (PostToConnection answered 410); the live clients stay
            assertEquals("anyone there?", alice.nextText(WAIT));
            assertEquals("anyone there?", bob.nextText(WAIT));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (tableIds().contains(ghost) && System.nanoTime() < deadline) {
                BROADCASTS_DONE.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS); // the next one to end
            }
            Set<String> ids = tableIds();
            assertFalse(ids.contains(ghost), "the gone connection is still in the table after the broadcast");
            assertTrue(ids.containsAll(chat.connectionIds()), "a live connection was pruned: " + ids);
        }
    }

    @Test
    void aClientThatVanishesWithoutACloseFrameIsRemovedFromTheTable() throws Exception {
        Set<String> before = chat.connectionIds();
        TestClient vanishing = connect();
        String id = newId(before);
        assertTrue(tableIds().contains(id));

        vanishing.abort(); // drops the TCP connection: no close frame

        assertTrue(chat.awaitDisconnected(id, WAIT), "$disconnect did not run");
        assertFalse(tableIds().contains(id));
    }

    @Test
    void theAwsSdkPostsGetsAndDeletesAConnectionAndRaisesGoneForAnUnknownOne() throws Exception {
        Set<String> before = chat.connectionIds();
        try (TestClient client = connect();
             ApiGatewayManagementApiClient management = managementClient(chat.managementEndpoint())) {
            String id = newId(before);

            management.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("from the SDK")));
            assertEquals("from the SDK", client.next(WAIT));

            GetConnectionResponse info = management.getConnection(r -> r.connectionId(id));
            assertTrue(info.connectedAt() != null && info.identity().sourceIp() != null);

            management.deleteConnection(r -> r.connectionId(id));
            assertTrue(chat.awaitDisconnected(id, WAIT));

            assertThrows(GoneException.class, () -> management.postToConnection(
                    r -> r.connectionId(id).data(SdkBytes.fromUtf8String("too late"))));
            assertThrows(GoneException.class, () -> management.postToConnection(
                    r -> r.connectionId("NoSuchConnectn=").data(SdkBytes.fromUtf8String("x"))));
        }
    }

    @Test
    void everyFunctionInvocationPrintsALambdaStyleReportLine() throws Exception {
        try (TestClient client = connect()) {
            client.sendMessage("report");
            client.next(WAIT);
        }
        // The template's functions use SnapStart: their first REPORT shows a Restore Duration, not an Init Duration.
        assertTrue(CONSOLE.stream().anyMatch(l -> l.contains("REPORT RequestId:") && l.contains("Restore Duration")),
                "no REPORT line of a restored environment in the console");
    }

    private static TestClient connect() {
        return TestClient.connect(chat.webSocketUrl());
    }

    private static String newId(Set<String> before) {
        Set<String> now = new HashSet<>(chat.connectionIds());
        now.removeAll(before);
        assertEquals(1, now.size(), "expected exactly one new connection, got " + now);
        return now.iterator().next();
    }

    private static String tableName() {
        return chat.application().tables().getFirst().tableName();
    }

    private static Set<String> tableIds() {
        Set<String> ids = new HashSet<>();
        dynamoDb.scanPaginator(r -> r.tableName(tableName())).items()
                .forEach(item -> ids.add(item.get("connectionId").s()));
        return ids;
    }

    static ApiGatewayManagementApiClient managementClient(URI endpoint) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
