package webchat.sendmessage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The DynamoDB table of live connections: id, display name, connect time. */
final class ConnectionTable {

    /**
     * The longest a connection can be inside {@code $connect}: API Gateway's 29 s integration timeout, plus 1 s.
     * Its row is already visible while PostToConnection still answers 410 for it
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html).
     */
    static final Duration LONGEST_CONNECT = Duration.ofSeconds(30);

    private static final String KEY = "connectionId";

    /** One row as the broadcast reads it; {@code name} is null in a row written without one. */
    record Connection(String id, String name) {
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Clock clock;

    ConnectionTable(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, Clock.systemUTC());
    }

    ConnectionTable(DynamoDbClient dynamoDb, String tableName, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.clock = clock;
    }

    /** Every connection, through every Scan page (a page holds at most 1 MB). {@code name} is a reserved word. */
    List<Connection> connections() {
        var scan = ScanRequest.builder()
                .tableName(tableName)
                .projectionExpression(KEY + ", #name")
                .expressionAttributeNames(Map.of("#name", "name"))
                .build();
        return dynamoDb.scanPaginator(scan).items().stream()
                .filter(item -> item.get(KEY) != null)
                .map(item -> new Connection(item.get(KEY).s(),
                        item.get("name") == null ? null : item.get("name").s()))
                .filter(connection -> Objects.nonNull(connection.id()))
                .toList();
    }

    /**
     * Deletes a gone connection's row unless it may still be inside {@code $connect} (connected less than
     * {@link #LONGEST_CONNECT} ago): such an id answers 410 until its handshake completes, and deleting it would
     * leave a live client out of every later broadcast. A young row is left for the next broadcast or the TTL.
     *
     * @return true when the row was deleted (or was already gone), false when it was too young to delete
     */
    boolean deleteUnlessConnecting(String connectionId) {
        long cutoff = clock.millis() - LONGEST_CONNECT.toMillis();
        try {
            dynamoDb.deleteItem(DeleteItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(connectionId)))
                    .conditionExpression("attribute_not_exists(connectedAt) OR connectedAt < :cutoff")
                    .expressionAttributeValues(Map.of(":cutoff", AttributeValue.fromN(Long.toString(cutoff))))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException tooYoung) {
            return false;
        }
    }
}
