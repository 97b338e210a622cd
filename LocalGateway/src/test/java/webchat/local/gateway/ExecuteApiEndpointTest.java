package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import webchat.local.template.LambdaFunction;

class ExecuteApiEndpointTest {

    private final ExecuteApiEndpoint endpoint = ExecuteApiEndpoint.of("abc123", "eu-west-1", "dev");
    private final URI local = URI.create("https://127.0.0.1:3443/test");

    @Test
    void theTemplatesStageUrlBecomesTheStageTheGatewayServes() {
        assertEquals("https://127.0.0.1:3443/test",
                endpoint.localized("https://abc123.execute-api.eu-west-1.amazonaws.com/dev", local));
        assertEquals("https://127.0.0.1:3443/test",
                endpoint.localized("https://abc123.execute-api.eu-west-1.amazonaws.com/dev/", local));
    }

    @Test
    void otherPathsUnderTheApisHostKeepTheirPath() {
        assertEquals("https://127.0.0.1:3443/dev/@connections",
                endpoint.localized("https://abc123.execute-api.eu-west-1.amazonaws.com/dev/@connections", local));
        assertEquals("https://127.0.0.1:3443",
                endpoint.localized("https://abc123.execute-api.eu-west-1.amazonaws.com", local));
    }

    @Test
    void valuesNamingAnythingElseAreLeftAlone() {
        for (String value : new String[] {"https://chat.example.com/dev",
                "https://abc1234.execute-api.eu-west-1.amazonaws.com/dev",
                "https://abc123.execute-api.eu-west-1.amazonaws.com.evil.example/dev",
                "https://other.execute-api.eu-west-1.amazonaws.com/dev", "64", ""}) {
            assertEquals(value, endpoint.localized(value, local), value);
        }
    }

    @Test
    void onlyTheFunctionsNamingTheEndpointChange() {
        var sendMessage = function("SendMessageFunction",
                Map.of("MANAGEMENT_ENDPOINT", "https://abc123.execute-api.eu-west-1.amazonaws.com/dev",
                        "TABLE_NAME", "connections"));
        var connect = function("ConnectFunction", Map.of("TABLE_NAME", "connections"));

        var localized = endpoint.localized(Map.of("SendMessageFunction", sendMessage, "ConnectFunction", connect),
                local);

        assertEquals(Map.of("MANAGEMENT_ENDPOINT", "https://127.0.0.1:3443/test", "TABLE_NAME", "connections"),
                localized.get("SendMessageFunction").environment());
        assertEquals(true, localized.get("SendMessageFunction").snapStart());
        assertSame(connect, localized.get("ConnectFunction"));
    }

    private static LambdaFunction function(String id, Map<String, String> environment) {
        return new LambdaFunction(id, "webchat-" + id, Path.of("."), "a.B", "java25", environment, 1024, 10, "JSON",
                "INFO", true);
    }
}
