package webchat.disconnect;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;

/**
 * {@code $disconnect}: deletes the closed connection's id. Deleting an id that is already gone succeeds, so a
 * repeated or late $disconnect is harmless; an id left behind by a failure expires through the table's TTL.
 */
public final class DisconnectHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    /** Called once per execution environment by Lambda: builds the client from the environment. */
    public DisconnectHandler() {
        this(Clients.dynamoDb(), Environment.required("TABLE_NAME"));
        Priming.register();
    }

    DisconnectHandler(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        var log = new EventLog(event, context);
        String connectionId = event.getRequestContext().getConnectionId();
        try {
            dynamoDb.deleteItem(DeleteItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of("connectionId", AttributeValue.fromS(connectionId)))
                    .build());
            log.info("Disconnected");
            return status(200);
        } catch (SdkException e) {
            log.error("Could not delete connection " + connectionId + "; the table's TTL will expire it", e);
            return status(500);
        }
    }

    private static APIGatewayV2WebSocketResponse status(int statusCode) {
        var response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        return response;
    }
}
