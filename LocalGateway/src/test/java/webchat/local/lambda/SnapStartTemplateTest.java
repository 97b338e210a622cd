package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import webchat.local.template.LambdaFunction;
import webchat.local.template.TemplateLoader;
import webchat.local.template.TemplateOptions;

/**
 * Which functions the local runtime runs with SnapStart: those whose template (or Globals) turns it on; and the JVM
 * option each of the project's functions needs for its snapshot.
 */
class SnapStartTemplateTest {

    @Test
    void theProjectsFunctionsAllGetSnapStartFromGlobals() {
        Path template = Path.of(System.getProperty("webchat.projectRoot", "..")).resolve("template.yaml");

        Map<String, Boolean> snapStart = TemplateLoader.load(template, TemplateOptions.defaults()).functions()
                .values().stream().collect(Collectors.toMap(LambdaFunction::logicalId, LambdaFunction::snapStart));

        assertEquals(Map.of("ConnectFunction", true, "DisconnectFunction", true, "DefaultFunction", true,
                "SendMessageFunction", true), snapStart);
    }

    @Test
    void everyProjectFunctionTurnsOffTheRuntimesCollectionBeforeTheSnapshot() {
        // A function whose own Environment sets JAVA_TOOL_OPTIONS replaces the Globals value: it must repeat the flag
        Path template = Path.of(System.getProperty("webchat.projectRoot", "..")).resolve("template.yaml");

        Map<String, String> toolOptions = TemplateLoader.load(template, TemplateOptions.defaults()).functions()
                .values().stream().collect(Collectors.toMap(LambdaFunction::logicalId,
                        function -> function.environment().getOrDefault("JAVA_TOOL_OPTIONS", "")));

        toolOptions.forEach((function, options) -> assertTrue(
                List.of(options.split("\\s+")).contains("-XX:+DisableExplicitGC"), function + ": " + options));
        assertEquals(4, toolOptions.size(), toolOptions.toString());
    }
}
