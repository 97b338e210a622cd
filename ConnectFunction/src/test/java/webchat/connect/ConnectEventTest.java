package webchat.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

class ConnectEventTest {

    @Test
    void theSampleConnectEventIsAcceptedAndItsConnectionStoredWithItsName() {
        // given events/connect.json as the Lambda runtime deserialises it
        var event = Events.load("connect.json");
        var dynamoDb = mock(DynamoDbClient.class);
        var context = mock(Context.class);
        when(context.getLogger()).thenReturn(new RecordingLogger());
        var clock = Clock.fixed(Instant.ofEpochMilli(event.getRequestContext().getRequestTimeEpoch()), ZoneOffset.UTC);
        var handler = new ConnectHandler(dynamoDb, "connections", Duration.ofSeconds(7800), clock);

        // when
        var response = handler.handleRequest(event, context);

        // then
        assertEquals(200, response.getStatusCode());
        var put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(dynamoDb).putItem(put.capture());
        assertEquals("Tq5nXfM9oAMCJcw=", put.getValue().item().get("connectionId").s());
        assertEquals("Alice", put.getValue().item().get("name").s());
        assertEquals("1764104929012", put.getValue().item().get("connectedAt").n());
        assertEquals("1764112729", put.getValue().item().get("expiresAt").n());
    }
}
