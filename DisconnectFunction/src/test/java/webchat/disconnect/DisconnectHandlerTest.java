package webchat.disconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

@ExtendWith(MockitoExtension.class)
class DisconnectHandlerTest {

    @Mock
    private DynamoDbClient dynamoDb;
    @Mock
    private Context context;
    @Captor
    private ArgumentCaptor<DeleteItemRequest> delete;

    private final RecordingLogger logger = new RecordingLogger();
    private DisconnectHandler handler;

    @BeforeEach
    void handler() {
        when(context.getLogger()).thenReturn(logger);
        handler = new DisconnectHandler(dynamoDb, "connections");
    }

    @Test
    void disconnectDeletesExactlyTheClosedConnectionsId() {
        // when
        var response = handler.handleRequest(Events.disconnect("Closed00001="), context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(dynamoDb).deleteItem(delete.capture());
        assertEquals("connections", delete.getValue().tableName());
        assertEquals(Map.of("connectionId", AttributeValue.fromS("Closed00001=")), delete.getValue().key());
        assertTrue(logger.lines().getFirst()
                .startsWith("INFO connectionId=Closed00001= routeKey=$disconnect requestId=req-Closed00001= "));
    }

    @Test
    void aRepeatedDisconnectForAnIdAlreadyDeletedSucceedsAgain() {
        // given DynamoDB answers a delete of a missing key like any other delete
        when(dynamoDb.deleteItem(any(DeleteItemRequest.class))).thenReturn(DeleteItemResponse.builder().build());

        // when
        var first = handler.handleRequest(Events.disconnect("Closed00001="), context);
        var second = handler.handleRequest(Events.disconnect("Closed00001="), context);

        // then
        assertEquals(200, first.getStatusCode());
        assertEquals(200, second.getStatusCode());
        verify(dynamoDb, times(2)).deleteItem(delete.capture());
        assertEquals(delete.getAllValues().get(0), delete.getAllValues().get(1));
        assertNull(delete.getValue().conditionExpression(), "an unconditional delete cannot fail on a missing id");
    }

    @Test
    void aFailedDeleteIsLoggedWithTheConnectionIdAndAnswers500() {
        // given
        when(dynamoDb.deleteItem(any(DeleteItemRequest.class)))
                .thenThrow(DynamoDbException.builder().message("Service unavailable").statusCode(503).build());

        // when
        var response = handler.handleRequest(Events.disconnect("Closed00001="), context);

        // then
        assertEquals(500, response.getStatusCode());
        assertEquals(1, logger.lines().size());
        String line = logger.lines().getFirst();
        assertTrue(line.startsWith("ERROR connectionId=Closed00001= routeKey=$disconnect requestId=req-Closed00001= "),
                line);
        assertTrue(line.contains("Could not delete connection Closed00001="), line);
        assertTrue(line.contains("Service unavailable"), line);
    }
}
