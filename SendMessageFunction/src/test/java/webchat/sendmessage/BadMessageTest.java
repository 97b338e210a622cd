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
import java.util.List;
import java.util.Map;
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
                        "PAYLOAD_TOO_LARGE"));
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

    @Test
    void dataOfExactly131072Utf8BytesIsBroadcast() {
        // given
        String largest = "é".repeat(65_536);
        ScanPages.stub(dynamoDb, List.of(SENDER));

        // when
        var response = handler.handleRequest(
                Events.message(SENDER, "{\"action\":\"sendMessage\",\"data\":\"" + largest + "\"}"), context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(managementApi).postToConnection(post.capture());
        assertEquals(131_072, post.getValue().data().asByteArray().length);
        assertEquals(largest, post.getValue().data().asUtf8String());
    }
}
