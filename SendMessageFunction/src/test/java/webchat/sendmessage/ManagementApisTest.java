package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.Mockito.mock;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

class ManagementApisTest {

    private final List<String> built = new CopyOnWriteArrayList<>();
    private final Function<String, ApiGatewayManagementApiClient> factory = endpoint -> {
        built.add(endpoint);
        return mock(ApiGatewayManagementApiClient.class);
    };

    @Test
    void withoutConfigurationTheEndpointIsTheEventsDomainAndStage() {
        // given
        var apis = new ManagementApis(factory, "  ");

        // when
        apis.forEvent(Events.message("A0000000001=", "x", "abcdef1234.execute-api.us-east-1.amazonaws.com", "dev"));

        // then
        assertEquals(List.of("https://abcdef1234.execute-api.us-east-1.amazonaws.com/dev"), built);
    }

    @Test
    void aConfiguredEndpointWinsOverTheEventAndIsBuiltBeforeAnyEvent() {
        // given
        var apis = new ManagementApis(factory, "https://abcdef1234.execute-api.us-east-1.amazonaws.com/prod/");
        assertEquals(List.of("https://abcdef1234.execute-api.us-east-1.amazonaws.com/prod"), built);

        // when
        var client = apis.forEvent(Events.message("A0000000001=", "x", "chat.example.com", "dev"));

        // then
        assertEquals(1, built.size());
        assertSame(client, apis.forEvent(Events.message("B0000000001=", "y", "chat.example.com", "dev")));
    }

    @Test
    void oneClientPerEndpointIsBuiltAndReused() {
        // given
        var apis = new ManagementApis(factory, null);

        // when
        var first = apis.forEvent(Events.message("A0000000001=", "x", "one.example.com", "dev"));
        var again = apis.forEvent(Events.message("B0000000001=", "y", "one.example.com", "dev"));
        var other = apis.forEvent(Events.message("C0000000001=", "z", "two.example.com", "dev"));

        // then
        assertSame(first, again);
        assertNotSame(first, other);
        assertEquals(List.of("https://one.example.com/dev", "https://two.example.com/dev"), built);
    }
}
