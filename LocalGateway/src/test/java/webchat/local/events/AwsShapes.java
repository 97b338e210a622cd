package webchat.local.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asserts a captured event against a fixture in src/test/resources/aws-events/ (API Gateway's documented and
 * published event shapes, written for this project), plus the relations between fields that hold on AWS.
 */
public final class AwsShapes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsShapes() {}

    public static void assertShape(String fixture, JsonNode captured) throws IOException {
        JsonNode expected;
        try (var in = AwsShapes.class.getResourceAsStream("/aws-events/" + fixture)) {
            expected = JSON.readTree(in);
        }
        var differences = new ArrayList<>(EventShape.diff(expected, captured));
        differences.addAll(relations(captured));
        assertTrue(differences.isEmpty(), () -> fixture + " field diff:\n  " + String.join("\n  ", differences)
                + "\ncaptured event: " + captured);
    }

    /** requestId is extendedRequestId; Host is domainName; each header is the last of its multi-values. */
    private static List<String> relations(JsonNode event) {
        var broken = new ArrayList<String>();
        var context = event.path("requestContext");
        if (!context.path("requestId").equals(context.path("extendedRequestId"))) {
            broken.add("requestContext.requestId differs from extendedRequestId");
        }
        if (event.has("headers") && !event.path("headers").path("Host").equals(context.path("domainName"))) {
            broken.add("headers.Host " + event.path("headers").path("Host") + " is not requestContext.domainName");
        }
        event.path("headers").properties().forEach(header -> {
            var values = event.path("multiValueHeaders").path(header.getKey());
            if (!values.isArray() || values.isEmpty() || !values.get(values.size() - 1).equals(header.getValue())) {
                broken.add("headers." + header.getKey() + " is not the last of multiValueHeaders");
            }
        });
        return broken;
    }
}
