package webchat.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The project's own template.yaml, read as the local gateway reads it. */
class ProjectTemplateTest {

    private static Application load(Map<String, String> overrides) {
        return TemplateLoader.load(Templates.projectTemplate(), Templates.options(overrides));
    }

    @Test
    void theFourRoutesEachInvokeTheirOwnFunction() {
        var api = load(Map.of()).api();

        Map<String, String> functionByRoute = api.routes().values().stream()
                .collect(Collectors.toMap(Route::routeKey, Route::functionLogicalId));
        assertEquals(Map.of(
                "$connect", "ConnectFunction",
                "$disconnect", "DisconnectFunction",
                "$default", "DefaultFunction",
                "sendMessage", "SendMessageFunction"), functionByRoute);
        // $default alone is two-way: its notice goes back to the sender as the route response
        assertEquals(Map.of("$connect", false, "$disconnect", false, "$default", true, "sendMessage", false),
                api.routes().values().stream().collect(Collectors.toMap(Route::routeKey, Route::returnsResponse)));
    }

    @Test
    void theApiSelectsRoutesByActionAndHasTheGivenId() {
        var api = load(Map.of()).api();

        assertEquals("ChatApi", api.logicalId());
        assertEquals(Templates.API_ID, api.apiId());
        assertEquals("webchat-local-chat", api.name());
        assertEquals("$request.body.action", api.routeSelectionExpression());
    }

    @Test
    void theStageIsDevByDefaultAndFollowsTheStageNameParameter() {
        assertEquals("dev", load(Map.of()).api().stageName());
        assertEquals("prod", load(Map.of("StageName", "prod")).api().stageName());
    }

    @Test
    void theConnectionsTableIsNamedAfterTheStackAndKeyedByConnectionId() {
        var tables = load(Map.of()).tables();

        assertEquals(1, tables.size());
        Table table = tables.getFirst();
        assertEquals("webchat-local-ConnectionsTable", table.tableName());
        assertEquals(List.of(Map.of("AttributeName", "connectionId", "KeyType", "HASH")),
                table.properties().get("KeySchema"));
    }

    @Test
    void everyFunctionGetsTheTableNameFromGlobals() {
        var application = load(Map.of());

        assertEquals(4, application.functions().size());
        application.functions().values().forEach(function ->
                assertEquals("webchat-local-ConnectionsTable", function.environment().get("TABLE_NAME"),
                        function.logicalId()));
    }

    @Test
    void functionsTakeGlobalsAndTheirOwnSettings() {
        var functions = load(Map.of()).functions();

        LambdaFunction connect = functions.get("ConnectFunction");
        assertEquals("webchat.connect.ConnectHandler", connect.handler());
        assertEquals("java25", connect.runtime());
        assertEquals(512, connect.memoryMb());
        assertEquals(10, connect.timeoutSeconds());
        assertEquals("JSON", connect.logFormat());
        assertEquals("INFO", connect.logLevel());
        assertEquals("webchat-local-ConnectFunction", connect.functionName());
        assertEquals(Templates.projectTemplate().toAbsolutePath().normalize().getParent().resolve("ConnectFunction"),
                connect.codeUri());
        assertTrue(connect.codeUri().isAbsolute());

        LambdaFunction sendMessage = functions.get("SendMessageFunction");
        assertEquals(1024, sendMessage.memoryMb());
        assertEquals(28, sendMessage.timeoutSeconds());
        assertEquals("64", sendMessage.environment().get("BROADCAST_CONCURRENCY"));
        assertEquals("10", sendMessage.environment().get("SEND_RATE_LIMIT"));
        assertEquals("10", sendMessage.environment().get("SEND_RATE_WINDOW_SECONDS"));
    }

    @Test
    void managementEndpointIsTheApisOwnExecuteApiEndpointUnlessTheParameterNamesAnother() {
        var byDefault = load(Map.of());
        // known at deploy time, so SendMessage builds its client in init, before the snapshot
        assertEquals("https://" + byDefault.api().apiId() + ".execute-api.us-east-1.amazonaws.com/dev",
                byDefault.functions().get("SendMessageFunction").environment().get("MANAGEMENT_ENDPOINT"));

        String endpoint = "https://chat.example.com/dev";
        var configured = load(Map.of("ManagementEndpoint", endpoint)).functions();
        assertEquals(endpoint, configured.get("SendMessageFunction").environment().get("MANAGEMENT_ENDPOINT"));
        // DefaultFunction answers through its route response and calls no API: it is never given the endpoint
        assertFalse(configured.get("DefaultFunction").environment().containsKey("MANAGEMENT_ENDPOINT"));
    }

    @Test
    void theProjectTemplateResolvesWithoutWarnings() {
        assertEquals(List.of(), load(Map.of()).warnings());
    }

    @Test
    void outputsGiveTheLocalWebSocketUri() {
        var resolved = TemplateLoader.resolve(Templates.projectTemplate(), Templates.options());

        assertEquals("wss://" + Templates.API_ID + ".execute-api.us-east-1.amazonaws.com/dev",
                resolved.outputs().get("WebSocketURI"));
    }

    @Test
    void aGeneratedApiIdLooksLikeApiGatewaysAndIsWhatRefOfTheApiGives() {
        var resolved = TemplateLoader.resolve(Templates.projectTemplate(), TemplateOptions.defaults());

        assertTrue(resolved.apiId().matches("[a-z0-9]{10}"), resolved.apiId());
        assertEquals(resolved.apiId(), resolved.outputs().get("ApiId"));
    }
}
