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
 * <p>
 * Unlike the broadcast's prune on 410, this delete needs no {@code connectedAt} condition: $disconnect runs only
 * after API Gateway has closed the socket, and a connection id is never reused, so no live or still-connecting
 * client can own this row. The one ordering left, $disconnect overtaking a slow $connect PutItem of the same id,
 * cannot lose a live client either (the client is already gone); it leaves a stale row, which the next broadcast
 * prunes (410 and older than 30 s) or the TTL expires.
 */
public final class DisconnectHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Metrics metrics;

    /** Called once per execution environment by Lambda: builds the client from the environment. */
    public DisconnectHandler() {
        this(Clients.dynamoDb(), Environment.required("TABLE_NAME"));
        Priming.register();
    }

    DisconnectHandler(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, Metrics.standardOutput());
    }

    DisconnectHandler(DynamoDbClient dynamoDb, String tableName, Metrics metrics) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        var log = new EventLog(event, context);
        String connectionId = event.getRequestContext().getConnectionId();
        // Counted whether or not the row can be deleted: the client has gone either way.
        metrics.entry(event).count("Disconnects", 1).emit();
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
