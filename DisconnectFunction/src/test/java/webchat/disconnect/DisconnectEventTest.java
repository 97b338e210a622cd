package webchat.disconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;

class DisconnectEventTest {

    @Test
    void theSampleDisconnectEventDeletesItsConnection() {
        // given events/disconnect.json as the Lambda runtime deserialises it
        var event = Events.load("disconnect.json");
        var dynamoDb = mock(DynamoDbClient.class);
        var context = mock(Context.class);
        when(context.getLogger()).thenReturn(new RecordingLogger());

        // when
        var response = new DisconnectHandler(dynamoDb, "connections").handleRequest(event, context);

        // then
        assertEquals(200, response.getStatusCode());
        var delete = ArgumentCaptor.forClass(DeleteItemRequest.class);
        verify(dynamoDb).deleteItem(delete.capture());
        assertEquals("Tq5nXfM9oAMCJcw=", delete.getValue().key().get("connectionId").s());
        assertEquals("$disconnect", event.getRequestContext().getRouteKey());
    }
}
