package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class SendMessageEventTest {

    private final DynamoDbClient dynamoDb = mock(DynamoDbClient.class);
    private final ApiGatewayManagementApiClient managementApi = mock(ApiGatewayManagementApiClient.class);
    private final List<String> endpoints = new ArrayList<>();
    private final Context context = mock(Context.class);
    private final SendMessageHandler handler = new SendMessageHandler(dynamoDb, new ManagementApis(endpoint -> {
        endpoints.add(endpoint);
        return managementApi;
    }, ""), "connections", 64);

    @Test
    void theSampleSendMessageEventIsBroadcastThroughItsOwnStage() {
        // given events/sendMessage.json as the Lambda runtime deserialises it
        var event = Events.load("sendMessage.json");
        when(context.getLogger()).thenReturn(new RecordingLogger());
        ScanPages.stubNamed(dynamoDb, Map.of("Tq5nXfM9oAMCJcw=", "Alice", "Other000001=", "Bob"));

        // when
        var response = handler.handleRequest(event, context);

        // then
        assertEquals(200, response.getStatusCode());
        assertEquals(List.of("https://abcdef1234.execute-api.us-east-1.amazonaws.com/dev"), endpoints);
        var post = ArgumentCaptor.forClass(PostToConnectionRequest.class);
        verify(managementApi, times(2)).postToConnection(post.capture());
        for (PostToConnectionRequest sent : post.getAllValues()) {
            Map<String, Object> envelope = Frames.envelope(sent);
            assertEquals("hello, world", envelope.get("text"));
            assertEquals("Tq6KYdxCoAMCJcw=", envelope.get("id"));
            assertEquals(Map.of("name", "Alice", "connectionId", "Tq5nXfM9oAMCJcw="), envelope.get("from"));
            assertEquals("sample-1", envelope.get("clientMessageId"));
        }
    }

    @Test
    void theSampleInvalidEventIsAnsweredWithDataNotStringToItsSenderOnly() throws IOException {
        // given events/sendMessage-invalid.json ("data" is an object)
        var event = Events.load("sendMessage-invalid.json");
        when(context.getLogger()).thenReturn(new RecordingLogger());

        // when
        var response = handler.handleRequest(event, context);

        // then
        assertEquals(200, response.getStatusCode());
        verifyNoInteractions(dynamoDb);
        var post = ArgumentCaptor.forClass(PostToConnectionRequest.class);
        verify(managementApi).postToConnection(post.capture());
        assertEquals("Tq5nXfM9oAMCJcw=", post.getValue().connectionId());
        assertEquals("DATA_NOT_STRING", JSON.std.mapFrom(post.getValue().data().asUtf8String()).get("code"));
    }
}
