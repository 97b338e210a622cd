package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The exact EMF lines sendMessage writes to standard output, parsed back as the top-level JSON log events they must
 * be for CloudWatch to extract the metrics: {@code _aws.CloudWatchMetrics[0]} names namespace, dimension set and
 * metrics, and each metric's value and the dimension sit beside {@code _aws}.
 */
class MetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T13:45:01.123Z");

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final DynamoDbClient dynamoDb = mock(DynamoDbClient.class);
    private final ApiGatewayManagementApiClient managementApi = mock(ApiGatewayManagementApiClient.class);
    private final Context context = mock(Context.class);
    private SendMessageHandler handler;

    @BeforeEach
    void handler() {
        when(context.getLogger()).thenReturn(new RecordingLogger());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        handler = new SendMessageHandler(dynamoDb, new ManagementApis(endpoint -> managementApi, null), "connections",
                4, 10, Duration.ofSeconds(10), clock,
                new Metrics(new PrintStream(stdout, true, StandardCharsets.UTF_8), clock));
    }

    private static APIGatewayV2WebSocketEvent message(String body) {
        var event = Events.message("Sender00001=", body);
        event.getRequestContext().setApiId("abcdef1234");
        return event;
    }

    private Map<String, Object> onlyLine() {
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines::toString);
        return Frames.parse(lines.getFirst());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> directive(Map<String, Object> line) {
        var aws = (Map<String, Object>) line.get("_aws");
        assertEquals(NOW.toEpochMilli(), ((Number) aws.get("Timestamp")).longValue());
        var directives = (List<Map<String, Object>>) aws.get("CloudWatchMetrics");
        assertEquals(1, directives.size());
        assertEquals("WebChat", directives.getFirst().get("Namespace"));
        assertEquals(List.of(List.of("ApiId")), directives.getFirst().get("Dimensions"));
        return directives.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> unitsByName(Map<String, Object> directive) {
        Map<String, String> units = new LinkedHashMap<>();
        for (var metric : (List<Map<String, String>>) directive.get("Metrics")) {
            units.put(metric.get("Name"), metric.get("Unit"));
        }
        return units;
    }

    private static void assertProperties(Map<String, Object> line) {
        assertEquals("abcdef1234", line.get("ApiId"));
        assertEquals("Sender00001=", line.get("connectionId"));
        assertEquals("sendMessage", line.get("routeKey"));
        assertEquals("req-Sender00001=", line.get("requestId"));
    }

    @Test
    void aBroadcastWritesOneObjectWithItsCountsAndDuration() {
        // given 3 recipients: one delivered, one gone and old (pruned), one gone and young (skipped)
        ScanPages.stub(dynamoDb, List.of("Sender00001=", "Gone0000001=", "Young000001="));
        when(managementApi.postToConnection(any(PostToConnectionRequest.class))).thenAnswer(call -> {
            if (call.<PostToConnectionRequest>getArgument(0).connectionId().equals("Sender00001=")) {
                return PostToConnectionResponse.builder().build();
            }
            throw GoneException.builder().message("Gone").statusCode(410).build();
        });
        when(dynamoDb.deleteItem(any(DeleteItemRequest.class)))
                .thenAnswer(call -> {
                    var request = call.<DeleteItemRequest>getArgument(0);
                    if (request.key().get("connectionId").s().startsWith("Young")) {
                        throw ConditionalCheckFailedException.builder().message("too young").build();
                    }
                    return null;
                });

        // when
        handler.handleRequest(message("{\"action\":\"sendMessage\",\"data\":\"hi\"}"), context);

        // then
        Map<String, Object> line = onlyLine();
        assertEquals(Map.of("Recipients", "Count", "Delivered", "Count", "Pruned", "Count", "Skipped", "Count",
                "Failed", "Count", "BroadcastDuration", "Milliseconds"), unitsByName(directive(line)));
        assertEquals(List.of("Recipients", "Delivered", "Pruned", "Skipped", "Failed", "BroadcastDuration"),
                List.copyOf(unitsByName(directive(line)).keySet()));
        assertEquals(3, line.get("Recipients"));
        assertEquals(1, line.get("Delivered"));
        assertEquals(1, line.get("Pruned"));
        assertEquals(1, line.get("Skipped"));
        assertEquals(0, line.get("Failed"));
        assertEquals(Integer.class, line.get("BroadcastDuration").getClass());
        assertProperties(line);
    }

    @Test
    void aRejectedMessageIsCountedWithItsCodeAsAProperty() {
        // when
        handler.handleRequest(message("{\"action\":\"sendMessage\",\"data\":42}"), context);

        // then
        Map<String, Object> line = onlyLine();
        assertEquals(Map.of("RejectedMessages", "Count"), unitsByName(directive(line)));
        assertEquals(1, line.get("RejectedMessages"));
        assertEquals("DATA_NOT_STRING", line.get("code"));
        assertProperties(line);
        assertFalse(line.containsKey("Recipients"));
    }

    @Test
    void aRateLimitedMessageIsCounted() {
        // given
        when(dynamoDb.updateItem(any(UpdateItemRequest.class)))
                .thenThrow(ConditionalCheckFailedException.builder().message("The conditional request failed").build());
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder()
                .item(Map.of("windowStart", AttributeValue.fromN(Long.toString(NOW.toEpochMilli())))).build());

        // when
        handler.handleRequest(message("{\"action\":\"sendMessage\",\"data\":\"hi\"}"), context);

        // then
        Map<String, Object> line = onlyLine();
        assertEquals(Map.of("RateLimited", "Count"), unitsByName(directive(line)));
        assertEquals(1, line.get("RateLimited"));
        assertProperties(line);
    }
}
