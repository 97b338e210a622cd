package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import webchat.local.template.LambdaFunction;

class FunctionVariablesTest {

    private static final LambdaFunction SEND_MESSAGE = new LambdaFunction("SendMessageFunction",
            "webchat-SendMessageFunction", Path.of("/work/SendMessageFunction"),
            "webchat.sendmessage.SendMessageHandler::handleRequest", "java25",
            Map.of("TABLE_NAME", "webchat-ConnectionsTable", "BROADCAST_CONCURRENCY", "64", "MANAGEMENT_ENDPOINT", ""),
            512, 10, "JSON", "INFO");

    @Test
    void aFunctionsOwnOverrideBeatsParametersWhichBeatTheTemplate() {
        // given
        Map<String, Map<String, String>> overrides = Map.of(
                "Parameters", Map.of("TABLE_NAME", "shared-table", "BROADCAST_CONCURRENCY", "8"),
                "SendMessageFunction", Map.of("TABLE_NAME", "own-table"));

        // when
        Map<String, String> variables = FunctionVariables.templateVariables(SEND_MESSAGE, overrides);

        // then
        assertEquals(Map.of("TABLE_NAME", "own-table", "BROADCAST_CONCURRENCY", "8", "MANAGEMENT_ENDPOINT", ""),
                variables);
    }

    @Test
    void overridesNameTheFunctionByLogicalIdOrByFunctionName() {
        Map<String, String> variables = FunctionVariables.templateVariables(SEND_MESSAGE,
                Map.of("webchat-SendMessageFunction", Map.of("BROADCAST_CONCURRENCY", "2")));

        assertEquals("2", variables.get("BROADCAST_CONCURRENCY"));
    }

    @Test
    void likeSamOverridesOfVariablesTheTemplateDoesNotDeclareAreIgnored() {
        Map<String, String> variables = FunctionVariables.templateVariables(SEND_MESSAGE,
                Map.of("Parameters", Map.of("UNDECLARED", "x"), "SendMessageFunction", Map.of("ALSO_UNDECLARED", "y")));

        assertEquals(SEND_MESSAGE.environment(), variables);
    }

    @Test
    void onlyPathHomeAndLangComeFromTheGatewaysEnvironmentAndTheLambdaServiceVariablesWinOverEverything() {
        // given
        Map<String, String> host = Map.of("PATH", "/usr/bin", "HOME", "/home/dev", "LANG", "C.UTF-8",
                "AWS_ACCESS_KEY_ID", "AKIAREAL", "AWS_PROFILE", "prod");
        LambdaConfig config = LambdaConfig.defaults(Path.of("ric"))
                .withExtraEnvironment(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "dummy",
                        "AWS_LAMBDA_FUNCTION_NAME", "not-allowed-to-win"));

        // when
        Map<String, String> variables = FunctionVariables.of(SEND_MESSAGE, config, host,
                Path.of("/work/SendMessageFunction/target/classes"), "127.0.0.1:4567", SEND_MESSAGE.snapStart());

        // then
        assertAll(
                () -> assertEquals("/usr/bin", variables.get("PATH")),
                () -> assertEquals("/home/dev", variables.get("HOME")),
                () -> assertEquals("C.UTF-8", variables.get("LANG")),
                () -> assertEquals("dummy", variables.get("AWS_ACCESS_KEY_ID")),
                () -> assertFalse(variables.containsKey("AWS_PROFILE")),
                () -> assertEquals("us-east-1", variables.get("AWS_REGION")),
                () -> assertEquals("webchat-ConnectionsTable", variables.get("TABLE_NAME")),
                () -> assertEquals("webchat-SendMessageFunction", variables.get("AWS_LAMBDA_FUNCTION_NAME")),
                () -> assertEquals("512", variables.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")),
                () -> assertEquals("$LATEST", variables.get("AWS_LAMBDA_FUNCTION_VERSION")),
                () -> assertEquals("JSON", variables.get("AWS_LAMBDA_LOG_FORMAT")),
                () -> assertEquals("INFO", variables.get("AWS_LAMBDA_LOG_LEVEL")),
                () -> assertEquals("127.0.0.1:4567", variables.get("AWS_LAMBDA_RUNTIME_API")),
                () -> assertEquals(SEND_MESSAGE.handler(), variables.get("_HANDLER")),
                () -> assertEquals("/work/SendMessageFunction/target/classes", variables.get("LAMBDA_TASK_ROOT")),
                () -> assertEquals(":UTC", variables.get("TZ")));
    }
}
