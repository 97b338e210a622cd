package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Protocol v2 as clients see it: who a message is from, the client's own id, and the rate limit's notice. */
@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class ProtocolTest {

    private static final String SENDER = "Sender00001=";
    private static final Instant NOW = Instant.parse("2026-11-27T13:45:01.123456Z");

    @Mock
    private DynamoDbClient dynamoDb;
    @Mock
    private ApiGatewayManagementApiClient managementApi;
    @Mock
    private Context context;
    @Captor
    private ArgumentCaptor<PostToConnectionRequest> post;

    private final RecordingLogger logger = new RecordingLogger();
    private SendMessageHandler handler;

    @BeforeEach
    void handler() {
        when(context.getLogger()).thenReturn(logger);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        handler = new SendMessageHandler(dynamoDb, new ManagementApis(endpoint -> managementApi, null), "connections",
                8, 10, Duration.ofSeconds(10), clock,
                new Metrics(new PrintStream(OutputStream.nullOutputStream()), clock));
    }

    @Test
    void everyoneGetsTheEnvelopeWithTheSendersStoredNameTheFrameIdAndTheClientsId() {
        // given
        ScanPages.stubNamed(dynamoDb, Map.of(SENDER, "Ana", "Other000001=", "<b>Bob</b>"));
        var event = Events.message(SENDER,
                "{\"action\":\"sendMessage\",\"data\":\"hi all\",\"clientMessageId\":\"c-42\",\"from\":\"admin\"}");
        event.getRequestContext().setMessageId("Tq6KYdxCoAMCJcw=");

        // when
        handler.handleRequest(event, context);

        // then
        verify(managementApi, times(2)).postToConnection(post.capture());
        for (PostToConnectionRequest sent : post.getAllValues()) {
            assertEquals(Map.of("type", "message", "id", "Tq6KYdxCoAMCJcw=",
                    "from", Map.of("name", "Ana", "connectionId", SENDER), "text", "hi all",
                    "sentAt", "2026-11-27T13:45:01.123Z", "clientMessageId", "c-42"), Frames.envelope(sent));
        }
    }

    @Test
    void aClientMessageIdOf64CharactersIsCarriedBackAsIs() {
        // given
        ScanPages.stubNamed(dynamoDb, Map.of(SENDER, "Ana"));
        String id = "é\"<>".repeat(16);

        // when
        handler.handleRequest(Events.message(SENDER, Json.write(Map.of("action", "sendMessage", "data", "hi",
                "clientMessageId", id))), context);

        // then
        verify(managementApi).postToConnection(post.capture());
        assertEquals(id, Frames.envelope(post.getValue()).get("clientMessageId"));
    }

    @Test
    void aSpoofedNoticeIsDeliveredAsOrdinaryTextOfAMessageFromItsSender() {
        // given
        ScanPages.stubNamed(dynamoDb, Map.of(SENDER, "Mallory", "Other000001=", "Ana"));
        String spoof = "{\"type\":\"error\",\"code\":\"X\",\"message\":\"Your session expired, re-enter your "
                + "password at evil.example\"}";

        // when
        handler.handleRequest(Events.message(SENDER, Json.write(Map.of("action", "sendMessage", "data", spoof))),
                context);

        // then
        verify(managementApi, times(2)).postToConnection(post.capture());
        for (PostToConnectionRequest sent : post.getAllValues()) {
            Map<String, Object> frame = Frames.envelope(sent);
            assertEquals(spoof, frame.get("text"));
            assertEquals(Map.of("name", "Mallory", "connectionId", SENDER), frame.get("from"));
        }
    }

    @Test
    void withoutAMessageIdTheEnvelopeGetsAUuidAndWithoutAStoredNameTheSenderIsItsGuestName() {
        // given rows without names and an event without messageId
        ScanPages.stub(dynamoDb, List.of(SENDER));

        // when
        handler.handleRequest(Events.message(SENDER, "{\"action\":\"sendMessage\",\"data\":\"hi\"}"), context);

        // then
        verify(managementApi).postToConnection(post.capture());
        Map<String, Object> frame = Frames.envelope(post.getValue());
        assertTrue(((String) frame.get("id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertEquals(Map.of("name", GuestName.of(SENDER), "connectionId", SENDER), frame.get("from"));
        assertFalse(frame.containsKey("clientMessageId"));
    }

    @Test
    void overTheLimitTheSenderAloneGetsRateLimitedWithItsWaitAndNothingIsBroadcast() {
        // given a full window that opened 3 s ago
        when(dynamoDb.updateItem(any(UpdateItemRequest.class)))
                .thenThrow(ConditionalCheckFailedException.builder().message("The conditional request failed").build());
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder()
                .item(Map.of("windowStart", AttributeValue.fromN(Long.toString(NOW.toEpochMilli() - 3_000))))
                .build());

        // when
        var response = handler.handleRequest(
                Events.message(SENDER, "{\"action\":\"sendMessage\",\"data\":\"hi\"}"), context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(dynamoDb, never()).scanPaginator(any(ScanRequest.class));
        verify(managementApi).postToConnection(post.capture());
        assertEquals(SENDER, post.getValue().connectionId());
        assertEquals("{\"type\":\"error\",\"code\":\"RATE_LIMITED\",\"message\":\"You are sending too fast: at most 10 "
                + "messages every 10 s. You can send again in 7 s.\",\"retryAfterMs\":7000}",
                post.getValue().data().asUtf8String());
        assertTrue(logger.lines().getLast().contains("Over the send rate limit"), logger.lines().getLast());
    }

    @Test
    void aSenderWithoutARowBroadcastsNothingAndIsToldToReconnect() {
        // given
        when(dynamoDb.updateItem(any(UpdateItemRequest.class)))
                .thenThrow(ConditionalCheckFailedException.builder().message("The conditional request failed").build());
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        // when
        var response = handler.handleRequest(
                Events.message(SENDER, "{\"action\":\"sendMessage\",\"data\":\"hi\"}"), context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(dynamoDb, never()).scanPaginator(any(ScanRequest.class));
        verify(managementApi).postToConnection(post.capture());
        assertEquals(SENDER, post.getValue().connectionId());
        assertTrue(post.getValue().data().asUtf8String().startsWith("{\"type\":\"error\",\"code\":\"NOT_CONNECTED\""),
                post.getValue().data().asUtf8String());
        assertTrue(logger.lines().stream().anyMatch(line -> line.contains("not in the table")), logger.lines().toString());
    }

    @Test
    void theGuestNameOfAKnownIdIsTheOneConnectStores() {
        // pinned: ConnectFunction's DisplayNameTest pins the same id to the same name, so the two cannot drift apart
        assertEquals("Guest-FE57", GuestName.of("Tq5nXfM9oAMCJcw="));
    }
}
