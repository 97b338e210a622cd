package webchat.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketApiReadingTest {

    private static Application fixture(String name) {
        return TemplateLoader.load(Templates.fixture(name), Templates.options());
    }

    private static boolean warned(Application application, String... fragments) {
        return application.warnings().stream().anyMatch(warning -> List.of(fragments).stream()
                .allMatch(warning::contains));
    }

    @Test
    void serverlessWebSocketApiRoutesMapToTheirFunctions() {
        var application = fixture("serverless-websocket-api.yaml");
        var api = application.api();

        assertEquals("ChatSocket", api.logicalId());
        assertEquals("chat-socket", api.name());
        assertEquals("$request.body.type", api.routeSelectionExpression());
        assertEquals("live", api.stageName());
        assertEquals(new Route("$connect", "ConnectFunction", false), api.routes().get("$connect"));
        assertEquals(new Route("echo", "EchoFunction", true), api.routes().get("echo"));
        assertEquals(List.of(), application.warnings());
    }

    @Test
    void serverlessFunctionsDefaultToSamsMemoryAndTimeout() {
        LambdaFunction connect = fixture("serverless-websocket-api.yaml").functions().get("ConnectFunction");

        assertEquals(FunctionReader.DEFAULT_MEMORY_MB, connect.memoryMb());
        assertEquals(FunctionReader.DEFAULT_TIMEOUT_SECONDS, connect.timeoutSeconds());
        assertEquals("Text", connect.logFormat());
        assertNull(connect.logLevel());
        assertEquals(Templates.fixture("serverless-websocket-api.yaml").getParent().resolve("functions"),
                connect.codeUri());
    }

    @Test
    void simpleTableBecomesATableKeyedByItsPrimaryKey() {
        Table sessions = fixture("serverless-websocket-api.yaml").tables().getFirst();

        assertEquals("webchat-local-Sessions", sessions.tableName());
        assertEquals(List.of(Map.of("AttributeName", "sessionId", "AttributeType", "S")),
                sessions.properties().get("AttributeDefinitions"));
        assertEquals(List.of(Map.of("AttributeName", "sessionId", "KeyType", "HASH")),
                sessions.properties().get("KeySchema"));
        assertEquals("PAY_PER_REQUEST", sessions.properties().get("BillingMode"));
    }

    @Test
    void serverlessWebSocketApiStageDefaultsToDefault(@TempDir Path folder) {
        var application = TemplateLoader.load(Templates.write(folder, """
                Resources:
                  Socket:
                    Type: AWS::Serverless::WebSocketApi
                    Properties:
                      RouteSelectionExpression: $request.body.action
                      Routes:
                        $default: {FunctionArn: !GetAtt Fn.Arn}
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: fn/, Handler: a.B::handleRequest, Runtime: java25}
                """), Templates.options());

        assertEquals("default", application.api().stageName());
        assertEquals("Fn", application.api().routes().get("$default").functionLogicalId());
    }

    @Test
    void aRouteWithARouteResponseIsTwoWayAndOneWithoutIsNot() {
        var routes = fixture("two-way-route.yaml").api().routes();

        assertTrue(routes.get("ping").returnsResponse());
        assertFalse(routes.get("notify").returnsResponse());
    }

    @Test
    void integrationTargetsAreFoundThroughJoinGetAttAndLiteralArns() {
        var application = fixture("two-way-route.yaml");

        assertEquals("PingFunction", application.api().routes().get("ping").functionLogicalId());
        assertEquals("NotifyFunction", application.api().routes().get("notify").functionLogicalId());
        assertEquals("v1", application.api().stageName());
    }

    @Test
    void lambdaFunctionWithALocalCodePathIsRunnable() {
        LambdaFunction ping = fixture("two-way-route.yaml").functions().get("PingFunction");

        assertEquals(256, ping.memoryMb());
        assertEquals(3, ping.timeoutSeconds());
        assertEquals(Templates.fixture("two-way-route.yaml").getParent().resolve("ping"), ping.codeUri());
    }

    @Test
    void whatDoesNotRunLocallyIsWarnedAboutByName() {
        var application = fixture("two-way-route.yaml");

        assertNull(application.api().routes().get("$default").functionLogicalId());
        assertTrue(warned(application, "MockIntegration", "MOCK"), application.warnings().toString());
        assertTrue(warned(application, "NotifyRoute", "only allowed on the $connect route"),
                application.warnings().toString());
        assertTrue(warned(application, "OtherSocket", "only one WebSocket API"), application.warnings().toString());
        assertTrue(warned(application, "RestApi", "HTTP or REST"), application.warnings().toString());
        assertTrue(warned(application, "NotifyFunction", "python3.13"), application.warnings().toString());
        assertEquals("two-way", application.api().name());
    }

    @Test
    void aTemplateWithoutAWebSocketApiIsAClearError(@TempDir Path folder) {
        Path template = Templates.write(folder, """
                Resources:
                  Http:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {ProtocolType: HTTP, Name: http}
                """);

        var error = assertThrows(TemplateException.class, () -> TemplateLoader.load(template, Templates.options()));
        assertTrue(error.getMessage().contains("no WebSocket API"), error.getMessage());
    }
}
