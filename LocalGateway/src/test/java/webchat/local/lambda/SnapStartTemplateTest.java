package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import webchat.local.template.LambdaFunction;
import webchat.local.template.TemplateLoader;
import webchat.local.template.TemplateOptions;

/** Which functions the local runtime runs with SnapStart: those whose template (or Globals) turns it on. */
class SnapStartTemplateTest {

    @Test
    void theProjectsFunctionsAllGetSnapStartFromGlobals() {
        Path template = Path.of(System.getProperty("webchat.projectRoot", "..")).resolve("template.yaml");

        Map<String, Boolean> snapStart = TemplateLoader.load(template, TemplateOptions.defaults()).functions()
                .values().stream().collect(Collectors.toMap(LambdaFunction::logicalId, LambdaFunction::snapStart));

        assertEquals(Map.of("ConnectFunction", true, "DisconnectFunction", true, "DefaultFunction", true,
                "SendMessageFunction", true), snapStart);
    }
}
