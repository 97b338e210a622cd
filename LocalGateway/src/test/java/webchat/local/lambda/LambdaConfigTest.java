package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LambdaConfigTest {

    @Test
    void anEnvVarsFileHasParametersForEveryFunctionAndASectionPerFunction(@TempDir Path dir) throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("env.json"), """
                {
                  "Parameters": {"TABLE_NAME": "local-table", "BROADCAST_CONCURRENCY": 16, "DEBUG": true},
                  "SendMessageFunction": {"MANAGEMENT_ENDPOINT": "http://127.0.0.1:3001/dev", "UNSET": null}
                }
                """);

        // when
        Map<String, Map<String, String>> overrides = LambdaConfig.readEnvVarsFile(file);

        // then
        assertEquals(Map.of(
                "Parameters", Map.of("TABLE_NAME", "local-table", "BROADCAST_CONCURRENCY", "16", "DEBUG", "true"),
                "SendMessageFunction", Map.of("MANAGEMENT_ENDPOINT", "http://127.0.0.1:3001/dev")), overrides);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{\"Parameters\": \"TABLE_NAME\"}", "{\"Parameters\": {\"TABLE_NAME\": {\"a\": 1}}}",
            "{not json"})
    void anEnvVarsFileOfAnyOtherShapeIsRejectedWithAMessageSayingWhatIsExpected(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LambdaConfig.parseEnvVars(json));

        assertTrue(e.getMessage().startsWith("The env-vars file") || e.getMessage().startsWith("In the env-vars file"),
                e.getMessage());
    }

    @Test
    void defaultsRunFunctionsOnThisJvmWithFourEnvironmentsEachAndTheTemplatesTimeouts() {
        LambdaConfig config = LambdaConfig.defaults(Path.of("target/ric"));

        assertEquals(Path.of(System.getProperty("java.home")), config.javaHome());
        assertEquals(4, config.maxEnvironmentsPerFunction());
        assertNull(config.timeoutOverride());
    }

    @Test
    void aLimitBelowOneEnvironmentIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> LambdaConfig.defaults(Path.of("target/ric")).withMaxEnvironmentsPerFunction(0));
    }
}
