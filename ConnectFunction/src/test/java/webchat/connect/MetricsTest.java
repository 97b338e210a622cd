package webchat.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** The exact EMF line a connect writes to standard output, parsed back as the top-level JSON log event it must be. */
class MetricsTest {

    private static final Instant NOW = Instant.parse("2025-11-25T21:08:50.500Z");

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final DynamoDbClient dynamoDb = mock(DynamoDbClient.class);
    private final Context context = mock(Context.class);
    private final ConnectHandler handler = new ConnectHandler(dynamoDb, "connections", Duration.ofSeconds(7800),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new Metrics(new PrintStream(stdout, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC)));

    private JsonNode onlyLine() {
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines::toString);
        return JsonNode.parser().parse(lines.getFirst());
    }

    @Test
    void anAcceptedConnectionWritesOneConnectsCountAsATopLevelEmfObject() {
        // given
        when(context.getLogger()).thenReturn(new RecordingLogger());
        var event = Events.connect("AbCdEf12345=", 1764104929012L);
        event.getRequestContext().setApiId("abcdef1234");

        // when
        handler.handleRequest(event, context);

        // then
        JsonNode line = onlyLine();
        JsonNode aws = line.field("_aws").orElseThrow();
        assertEquals(NOW.toEpochMilli(), Long.parseLong(aws.field("Timestamp").orElseThrow().asNumber()));
        JsonNode directive = aws.field("CloudWatchMetrics").orElseThrow().asArray().getFirst();
        assertEquals("WebChat", directive.field("Namespace").orElseThrow().asString());
        assertEquals(List.of(List.of("ApiId")), directive.field("Dimensions").orElseThrow().asArray().stream()
                .map(set -> set.asArray().stream().map(JsonNode::asString).toList()).toList());
        assertEquals(List.of(Map.of("Name", "Connects", "Unit", "Count")),
                directive.field("Metrics").orElseThrow().asArray().stream()
                        .map(metric -> Map.of("Name", metric.field("Name").orElseThrow().asString(),
                                "Unit", metric.field("Unit").orElseThrow().asString()))
                        .toList());
        assertEquals("abcdef1234", line.field("ApiId").orElseThrow().asString());
        assertEquals("1", line.field("Connects").orElseThrow().asNumber());
        assertEquals("AbCdEf12345=", line.field("connectionId").orElseThrow().asString());
        assertEquals("$connect", line.field("routeKey").orElseThrow().asString());
        assertEquals("req-AbCdEf12345=", line.field("requestId").orElseThrow().asString());
        assertFalse(line.field("ConnectFailures").isPresent());
    }

    @Test
    void aConnectionThatCannotBeStoredCountsAConnectFailure() {
        // given
        when(context.getLogger()).thenReturn(new RecordingLogger());
        when(dynamoDb.putItem(any(PutItemRequest.class)))
                .thenThrow(DynamoDbException.builder().message("Throughput exceeded").statusCode(400).build());

        // when
        handler.handleRequest(Events.connect("AbCdEf12345=", 1764104929012L), context);

        // then
        JsonNode line = onlyLine();
        assertEquals("ConnectFailures", line.field("_aws").orElseThrow().field("CloudWatchMetrics").orElseThrow()
                .asArray().getFirst().field("Metrics").orElseThrow().asArray().getFirst().field("Name").orElseThrow()
                .asString());
        assertEquals("1", line.field("ConnectFailures").orElseThrow().asNumber());
        assertFalse(line.field("Connects").isPresent());
    }
}
