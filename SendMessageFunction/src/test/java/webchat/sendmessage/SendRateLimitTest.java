package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The exact requests the rate limit sends to DynamoDB, step by step. */
@ExtendWith(MockitoExtension.class)
class SendRateLimitTest {

    private static final String SENDER = "Sender00001=";
    private static final Instant NOW = Instant.parse("2026-11-27T13:45:10.000Z");
    private static final String WINDOW_OPENED_AFTER = Long.toString(NOW.toEpochMilli() - 10_000);

    @Mock
    private DynamoDbClient dynamoDb;
    @Captor
    private ArgumentCaptor<UpdateItemRequest> update;
    @Captor
    private ArgumentCaptor<GetItemRequest> get;

    private SendRateLimit limit() {
        return new SendRateLimit(dynamoDb, "connections", 10, Duration.ofSeconds(10), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ConditionalCheckFailedException conditionFailed() {
        return ConditionalCheckFailedException.builder().message("The conditional request failed").build();
    }

    @Test
    void aMessageInTheOpenWindowCostsOneConditionalIncrement() {
        // given
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder().build());

        // when
        var decision = limit().check(SENDER);

        // then
        assertEquals(new SendRateLimit.Allowed(), decision);
        verify(dynamoDb).updateItem(update.capture());
        var request = update.getValue();
        assertEquals("connections", request.tableName());
        assertEquals(Map.of("connectionId", AttributeValue.fromS(SENDER)), request.key());
        assertEquals("SET sentInWindow = sentInWindow + :one", request.updateExpression());
        assertEquals("attribute_exists(connectionId) AND windowStart > :windowOpenedAfter AND sentInWindow < :limit",
                request.conditionExpression());
        assertEquals(Map.of(":one", AttributeValue.fromN("1"), ":windowOpenedAfter",
                AttributeValue.fromN(WINDOW_OPENED_AFTER), ":limit", AttributeValue.fromN("10")),
                request.expressionAttributeValues());
        verify(dynamoDb, never()).getItem(any(GetItemRequest.class));
    }

    @Test
    void withoutAnOpenWindowTheMessageOpensOne() {
        // given
        when(dynamoDb.updateItem(any(UpdateItemRequest.class)))
                .thenThrow(conditionFailed())
                .thenReturn(UpdateItemResponse.builder().build());

        // when
        var decision = limit().check(SENDER);

        // then
        assertEquals(new SendRateLimit.Allowed(), decision);
        verify(dynamoDb, times(2)).updateItem(update.capture());
        var open = update.getAllValues().get(1);
        assertEquals("SET windowStart = :now, sentInWindow = :one", open.updateExpression());
        assertEquals("attribute_exists(connectionId)"
                + " AND (attribute_not_exists(windowStart) OR windowStart <= :windowOpenedAfter)",
                open.conditionExpression());
        assertEquals(Map.of(":now", AttributeValue.fromN(Long.toString(NOW.toEpochMilli())),
                ":one", AttributeValue.fromN("1"), ":windowOpenedAfter", AttributeValue.fromN(WINDOW_OPENED_AFTER)),
                open.expressionAttributeValues());
        assertEquals(Map.of("connectionId", AttributeValue.fromS(SENDER)), open.key());
    }

    @Test
    void whenAnotherInvocationOpenedTheWindowFirstTheIncrementIsRetriedOnce() {
        // given
        when(dynamoDb.updateItem(any(UpdateItemRequest.class)))
                .thenThrow(conditionFailed())
                .thenThrow(conditionFailed())
                .thenReturn(UpdateItemResponse.builder().build());

        // when
        var decision = limit().check(SENDER);

        // then
        assertEquals(new SendRateLimit.Allowed(), decision);
        verify(dynamoDb, times(3)).updateItem(update.capture());
        assertEquals(update.getAllValues().get(0), update.getAllValues().get(2));
    }

    @Test
    void overTheLimitOneConsistentGetItemReadsWhenTheWindowEnds() {
        // given a window opened 3 s ago and full
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenThrow(conditionFailed());
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder()
                .item(Map.of("windowStart", AttributeValue.fromN(Long.toString(NOW.toEpochMilli() - 3_000))))
                .build());

        // when
        var decision = limit().check(SENDER);

        // then
        assertEquals(new SendRateLimit.Limited(7_000), decision);
        verify(dynamoDb, times(3)).updateItem(any(UpdateItemRequest.class));
        verify(dynamoDb).getItem(get.capture());
        assertEquals("connections", get.getValue().tableName());
        assertEquals(Map.of("connectionId", AttributeValue.fromS(SENDER)), get.getValue().key());
        assertEquals("windowStart", get.getValue().projectionExpression());
        assertTrue(get.getValue().consistentRead());
    }

    @Test
    void aMissingRowMeansTheConnectionIsGone() {
        // given
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenThrow(conditionFailed());
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        // when
        var decision = limit().check(SENDER);

        // then
        assertEquals(new SendRateLimit.NotConnected(), decision);
    }
}
