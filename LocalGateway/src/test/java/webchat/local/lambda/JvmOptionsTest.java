package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import webchat.local.template.LambdaFunction;

class JvmOptionsTest {

    private static LambdaFunction function(int memoryMb, Map<String, String> environment) {
        return new LambdaFunction("F", "webchat-F", Path.of("/work/F"), "f.F::handleRequest", "java25", environment,
                memoryMb, 10, "JSON", "INFO");
    }

    @Test
    void anOnDemandFunctionRunsAsJava25DoesWithC1OnlySerialGcAndEightyFivePercentOfItsMemoryAsHeap() {
        List<String> options = JvmOptions.of(function(512, Map.of()));

        assertAll(
                () -> assertTrue(options.contains("-XX:TieredStopAtLevel=1")),
                () -> assertTrue(options.contains("-XX:+UseSerialGC")),
                () -> assertTrue(options.contains("-XX:MaxHeapSize=445644k"), options.toString()),
                () -> assertTrue(options.contains("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac")));
    }

    @Test
    void aSnapStartFunctionGetsTheJvmsDefaultTieredCompilation() {
        List<String> options = JvmOptions.of(function(1024, Map.of()).withSnapStart(true));

        assertAll(
                () -> assertFalse(options.stream().anyMatch(option -> option.startsWith("-XX:TieredStopAtLevel"))),
                () -> assertTrue(options.contains("-XX:MaxHeapSize=891289k"), options.toString()));
    }

    @Test
    void theFunctionsOwnJavaToolOptionsWinOverTheSettingsTheyName() {
        List<String> options = JvmOptions.of(function(512, Map.of("JAVA_TOOL_OPTIONS",
                "-XX:TieredStopAtLevel=4 -Xmx300m -XX:+UseParallelGC")));

        assertAll(
                () -> assertFalse(options.stream().anyMatch(option -> option.startsWith("-XX:TieredStopAtLevel"))),
                () -> assertFalse(options.stream().anyMatch(option -> option.startsWith("-XX:MaxHeapSize"))),
                () -> assertFalse(options.contains("-XX:+UseSerialGC")),
                () -> assertTrue(options.contains(JvmOptions.CRAC_COMPAT)));
    }
}
