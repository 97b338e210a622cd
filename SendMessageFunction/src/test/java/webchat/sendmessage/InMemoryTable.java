package webchat.sendmessage;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A connections table in memory that applies the rate limit's conditional updates as DynamoDB does: each
 * UpdateItem checks its condition and writes in one atomic step (a single-item write is atomic in DynamoDB), and a
 * failed condition throws ConditionalCheckFailedException and changes nothing. It knows exactly the expressions
 * {@link SendRateLimit} sends and refuses any other, so a changed expression cannot pass unnoticed.
 * {@code beforeEachUpdate} runs outside the lock, so a test can line invocations up to race.
 */
final class InMemoryTable implements DynamoDbClient {

    private final Map<String, Map<String, AttributeValue>> rows = new HashMap<>();
    private final Runnable beforeEachUpdate;

    InMemoryTable(Runnable beforeEachUpdate) {
        this.beforeEachUpdate = beforeEachUpdate;
    }

    synchronized void addConnection(String connectionId) {
        rows.put(connectionId, new HashMap<>(Map.of("connectionId", AttributeValue.fromS(connectionId))));
    }

    synchronized Map<String, AttributeValue> row(String connectionId) {
        var row = rows.get(connectionId);
        return row == null ? null : Map.copyOf(row);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        beforeEachUpdate.run();
        synchronized (this) {
            var row = rows.get(request.key().get("connectionId").s());
            var values = request.expressionAttributeValues();
            if (!holds(request.conditionExpression(), row, values)) {
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
            }
            switch (request.updateExpression()) {
                case "SET sentInWindow = sentInWindow + :one" ->
                        row.put("sentInWindow", number(n(row, "sentInWindow") + n(values, ":one")));
                case "SET windowStart = :now, sentInWindow = :one" -> {
                    row.put("windowStart", values.get(":now"));
                    row.put("sentInWindow", values.get(":one"));
                }
                default -> throw new IllegalArgumentException("unknown update " + request.updateExpression());
            }
            return UpdateItemResponse.builder().build();
        }
    }

    @Override
    public synchronized GetItemResponse getItem(GetItemRequest request) {
        var row = rows.get(request.key().get("connectionId").s());
        if (row == null) {
            return GetItemResponse.builder().build();
        }
        var projected = new HashMap<String, AttributeValue>();
        for (String name : request.projectionExpression().split(",\\s*")) {
            if (row.containsKey(name)) {
                projected.put(name, row.get(name));
            }
        }
        return GetItemResponse.builder().item(projected).build();
    }

    private static boolean holds(String condition, Map<String, AttributeValue> row,
            Map<String, AttributeValue> values) {
        if (row == null) {
            return false; // every condition SendRateLimit sends starts with attribute_exists(connectionId)
        }
        return switch (condition) {
            case "attribute_exists(connectionId) AND windowStart > :windowOpenedAfter AND sentInWindow < :limit" ->
                    row.containsKey("windowStart") && n(row, "windowStart") > n(values, ":windowOpenedAfter")
                            && n(row, "sentInWindow") < n(values, ":limit");
            case "attribute_exists(connectionId) AND (attribute_not_exists(windowStart)"
                    + " OR windowStart <= :windowOpenedAfter)" ->
                    !row.containsKey("windowStart") || n(row, "windowStart") <= n(values, ":windowOpenedAfter");
            default -> throw new IllegalArgumentException("unknown condition " + condition);
        };
    }

    private static long n(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }
}
