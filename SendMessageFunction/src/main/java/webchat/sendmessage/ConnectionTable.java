package webchat.sendmessage;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The DynamoDB table of live connection ids. */
final class ConnectionTable {

    private static final String KEY = "connectionId";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    ConnectionTable(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Every id, through every Scan page (a page holds at most 1 MB). */
    List<String> connectionIds() {
        var scan = ScanRequest.builder().tableName(tableName).projectionExpression(KEY).build();
        return dynamoDb.scanPaginator(scan).items().stream()
                .map(item -> item.get(KEY))
                .filter(Objects::nonNull)
                .map(AttributeValue::s)
                .toList();
    }

    void delete(String connectionId) {
        dynamoDb.deleteItem(DeleteItemRequest.builder()
                .tableName(tableName)
                .key(Map.of(KEY, AttributeValue.fromS(connectionId)))
                .build());
    }
}
