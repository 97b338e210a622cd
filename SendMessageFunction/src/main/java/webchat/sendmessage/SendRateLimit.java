package webchat.sendmessage;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * At most {@code limit} messages per connection in a window of {@code window} that opens at the connection's first
 * message of the window. Kept in the sender's own row ({@code windowStart} epoch ms, {@code sentInWindow}) and
 * changed only by conditional UpdateItem, so concurrent invocations for one connection can never let more through:
 * <ol>
 *   <li>count the message in the open window: {@code SET sentInWindow = sentInWindow + 1} if the row exists, its
 *       window opened after now - window, and fewer than {@code limit} were sent in it;</li>
 *   <li>else open a new window with this message: {@code SET windowStart = now, sentInWindow = 1} if the row exists
 *       and has no window or only an expired one;</li>
 *   <li>else (a racing invocation opened the window between 1 and 2) step 1 once more; if that fails too the sender
 *       is over the limit, and one GetItem (only on this path) reads when its window ends.</li>
 * </ol>
 * Every condition requires the row: UpdateItem on a missing key would otherwise create a row for a closed connection.
 * (ReturnValuesOnConditionCheckFailure would save the GetItem on AWS, but dynalite, the local DynamoDB, ignores it.)
 */
final class SendRateLimit {

    /** What the limit decides for one message. */
    sealed interface Decision {
    }

    record Allowed() implements Decision {
    }

    record Limited(long retryAfterMs) implements Decision {
    }

    /** The sender's row is gone: the connection closed (or was pruned), so there is nobody to speak for. */
    record NotConnected() implements Decision {
    }

    private static final String KEY = "connectionId";
    /** The update that counts a message in the open window (step 1); priming's stand-in recognises it by this. */
    static final String COUNT_IN_OPEN_WINDOW = "SET sentInWindow = sentInWindow + :one";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final int limit;
    private final Duration window;
    private final Clock clock;

    SendRateLimit(DynamoDbClient dynamoDb, String tableName, int limit, Duration window, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    int limit() {
        return limit;
    }

    Duration window() {
        return window;
    }

    Decision check(String connectionId) {
        long now = clock.millis();
        long windowOpenedAfter = now - window.toMillis();
        if (countInOpenWindow(connectionId, windowOpenedAfter)
                || openWindow(connectionId, now, windowOpenedAfter)
                || countInOpenWindow(connectionId, windowOpenedAfter)) {
            return new Allowed();
        }
        return limitedOrGone(connectionId, now);
    }

    private boolean countInOpenWindow(String connectionId, long windowOpenedAfter) {
        return update(UpdateItemRequest.builder()
                .updateExpression(COUNT_IN_OPEN_WINDOW)
                .conditionExpression("attribute_exists(connectionId) AND windowStart > :windowOpenedAfter"
                        + " AND sentInWindow < :limit")
                .expressionAttributeValues(Map.of(
                        ":one", number(1),
                        ":windowOpenedAfter", number(windowOpenedAfter),
                        ":limit", number(limit))), connectionId);
    }

    private boolean openWindow(String connectionId, long now, long windowOpenedAfter) {
        return update(UpdateItemRequest.builder()
                .updateExpression("SET windowStart = :now, sentInWindow = :one")
                .conditionExpression("attribute_exists(connectionId)"
                        + " AND (attribute_not_exists(windowStart) OR windowStart <= :windowOpenedAfter)")
                .expressionAttributeValues(Map.of(
                        ":now", number(now),
                        ":one", number(1),
                        ":windowOpenedAfter", number(windowOpenedAfter))), connectionId);
    }

    private boolean update(UpdateItemRequest.Builder request, String connectionId) {
        try {
            dynamoDb.updateItem(request.tableName(tableName).key(key(connectionId)).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Decision limitedOrGone(String connectionId, long now) {
        var row = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(key(connectionId))
                .projectionExpression("windowStart")
                .consistentRead(true)
                .build());
        if (!row.hasItem() || row.item().isEmpty()) {
            return new NotConnected();
        }
        AttributeValue windowStart = row.item().get("windowStart");
        long windowEnds = (windowStart == null ? now : Long.parseLong(windowStart.n())) + window.toMillis();
        return new Limited(Math.max(0, windowEnds - now));
    }

    private static Map<String, AttributeValue> key(String connectionId) {
        return Map.of(KEY, AttributeValue.fromS(connectionId));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
