package webchat.disconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The exact EMF line a disconnect writes to stdout, parsed back as the top-level JSON log event it must be. */
class MetricsTest {

    private static final Instant NOW = Instant.parse("2025-11-25T21:14:03.600Z");

    @Test
    void theSampleDisconnectWritesOneDisconnectsCountAsATopLevelEmfObject() {
        // given events/disconnect.json
        var event = Events.load("disconnect.json");
        var stdout = new ByteArrayOutputStream();
        var handler = new DisconnectHandler(mock(DynamoDbClient.class), "connections",
                new Metrics(new PrintStream(stdout, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC)));
        var context = mock(Context.class);
        when(context.getLogger()).thenReturn(new RecordingLogger());

        // when
        handler.handleRequest(event, context);

        // then exactly one line, one JSON object with _aws at its top level
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines::toString);
        JsonNode line = JsonNode.parser().parse(lines.getFirst());
        JsonNode aws = line.field("_aws").orElseThrow();
        assertEquals(Long.toString(NOW.toEpochMilli()), aws.field("Timestamp").orElseThrow().asNumber());
        JsonNode directive = aws.field("CloudWatchMetrics").orElseThrow().asArray().getFirst();
        assertEquals("WebChat", directive.field("Namespace").orElseThrow().asString());
        assertEquals("[[\"ApiId\"]]", directive.field("Dimensions").orElseThrow().toString());
        JsonNode metric = directive.field("Metrics").orElseThrow().asArray().getFirst();
        assertEquals(Map.of("Name", "Disconnects", "Unit", "Count"), Map.of(
                "Name", metric.field("Name").orElseThrow().asString(),
                "Unit", metric.field("Unit").orElseThrow().asString()));
        assertEquals("abcdef1234", line.field("ApiId").orElseThrow().asString());
        assertEquals("1", line.field("Disconnects").orElseThrow().asNumber());
        assertEquals("Tq5nXfM9oAMCJcw=", line.field("connectionId").orElseThrow().asString());
        assertEquals("$disconnect", line.field("routeKey").orElseThrow().asString());
        assertEquals("Tq7bRHxJoAMFq4g=", line.field("requestId").orElseThrow().asString());
    }
}
