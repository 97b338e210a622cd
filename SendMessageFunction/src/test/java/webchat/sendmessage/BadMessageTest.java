package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@ExtendWith(MockitoExtension.class)
class BadMessageTest {

    private static final String SENDER = "Sender00001=";

    @Mock
    private DynamoDbClient dynamoDb;
    @Mock
    private ApiGatewayManagementApiClient managementApi;
    @Mock
    private Context context;
    @Captor
    private ArgumentCaptor<PostToConnectionRequest> post;

    private SendMessageHandler handler;

    @BeforeEach
    void handler() {
        when(context.getLogger()).thenReturn(new RecordingLogger());
        handler = new SendMessageHandler(dynamoDb, new ManagementApis(endpoint -> managementApi, null), "connections", 8);
    }

    static Stream<Arguments> badMessages() {
        // "é" is 2 bytes in UTF-8: 65,537 characters are 131,074 bytes, over the limit though under it in chars
        String tooLarge = "é".repeat(65_537);
        return Stream.of(
                Arguments.of("not JSON", "hello", "INVALID_JSON"),
                Arguments.of("cut-off JSON", "{\"action\":\"sendMessage\",\"data\":\"hi", "INVALID_JSON"),
                Arguments.of("no data", "{\"action\":\"sendMessage\"}", "MISSING_DATA"),
                Arguments.of("empty data", "{\"action\":\"sendMessage\",\"data\":\"\"}", "MISSING_DATA"),
                Arguments.of("number data", "{\"action\":\"sendMessage\",\"data\":42}", "DATA_NOT_STRING"),
                Arguments.of("null data", "{\"action\":\"sendMessage\",\"data\":null}", "DATA_NOT_STRING"),
                Arguments.of("object data", "{\"action\":\"sendMessage\",\"data\":{\"text\":\"hi\"}}", "DATA_NOT_STRING"),
                Arguments.of("too large", "{\"action\":\"sendMessage\",\"data\":\"" + tooLarge + "\"}",
                        "PAYLOAD_TOO_LARGE"),
                Arguments.of("empty clientMessageId", withClientMessageId("\"\""), "INVALID_CLIENT_MESSAGE_ID"),
                Arguments.of("numeric clientMessageId", withClientMessageId("7"), "INVALID_CLIENT_MESSAGE_ID"),
                Arguments.of("null clientMessageId", withClientMessageId("null"), "INVALID_CLIENT_MESSAGE_ID"),
                Arguments.of("65-character clientMessageId", withClientMessageId("\"" + "c".repeat(65) + "\""),
                        "INVALID_CLIENT_MESSAGE_ID"));
    }

    private static String withClientMessageId(String json) {
        return "{\"action\":\"sendMessage\",\"data\":\"hi\",\"clientMessageId\":" + json + "}";
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badMessages")
    void aBadMessageIsAnsweredToTheSenderAloneAndNothingIsBroadcast(String name, String body, String code)
            throws IOException {
        // when
        var response = handler.handleRequest(Events.message(SENDER, body), context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(managementApi).postToConnection(post.capture());
        verifyNoMoreInteractions(managementApi);
        verifyNoInteractions(dynamoDb);
        assertEquals(SENDER, post.getValue().connectionId());
        Map<String, Object> notice = JSON.std.mapFrom(post.getValue().data().asUtf8String());
        assertEquals("error", notice.get("type"));
        assertEquals(code, notice.get("code"));
        assertFalse(((String) notice.get("message")).isBlank());
        assertEquals(Map.of("action", "sendMessage", "data", "<text>"), notice.get("expected"));
    }

    /** The bytes the envelope adds around the text for SENDER (fallback name, a random UUID id, no client id). */
    private static int envelopeOverhead() {
        return new Envelope(UUID.randomUUID().toString(), GuestName.of(SENDER), SENDER, "", Instant.EPOCH, null)
                .toJson().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void anEnvelopeOfExactly131072BytesIsBroadcast() {
        // given text that makes the envelope exactly the management API's limit, with 2-byte and 4-byte characters
        String text = "é".repeat(1000) + "🦊".repeat(100);
        text += "a".repeat(IncomingMessage.MAX_PAYLOAD_BYTES - envelopeOverhead()
                - text.getBytes(StandardCharsets.UTF_8).length);
        ScanPages.stub(dynamoDb, List.of(SENDER));

        // when
        var response = handler.handleRequest(Events.message(SENDER, Json.write(Map.of("action", "sendMessage",
                "data", text))), context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(managementApi).postToConnection(post.capture());
        assertEquals(131_072, post.getValue().data().asByteArray().length);
        assertEquals(text, Frames.envelope(post.getValue()).get("text"));
    }

    @Test
    void anEnvelopeOneByteOverTheLimitIsRefusedAndNothingIsBroadcast() throws IOException {
        // given text one byte longer: the text alone fits in 128 KB, its envelope does not
        String text = "a".repeat(IncomingMessage.MAX_PAYLOAD_BYTES - envelopeOverhead() + 1);
        ScanPages.stub(dynamoDb, List.of(SENDER, "Other000001="));

        // when
        var response = handler.handleRequest(Events.message(SENDER, Json.write(Map.of("action", "sendMessage",
                "data", text))), context);

        // then only the sender hears about it
        assertEquals(200, response.getStatusCode());
        verify(managementApi).postToConnection(post.capture());
        verifyNoMoreInteractions(managementApi);
        assertEquals(SENDER, post.getValue().connectionId());
        Map<String, Object> notice = JSON.std.mapFrom(post.getValue().data().asUtf8String());
        assertEquals("error", notice.get("type"));
        assertEquals("PAYLOAD_TOO_LARGE", notice.get("code"));
    }
}
