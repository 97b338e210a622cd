package webchat.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GlobalsTest {

    private static final Map<String, Object> GLOBALS = Map.of("Function", Map.of(
            "Runtime", "java25",
            "MemorySize", 512,
            "Layers", List.of("global-layer"),
            "Environment", Map.of("Variables", Map.of("TABLE_NAME", Map.of("Ref", "Table"), "LEVEL", "INFO"))));

    private static Map<String, Object> mergedProperties(Map<String, Object> resource) {
        var merged = Globals.apply(GLOBALS, Map.of("Fn", resource));
        return Values.map(Values.map(merged.get("Fn")).get("Properties"));
    }

    @Test
    void functionInheritsEveryGlobalItDoesNotSet() {
        var properties = mergedProperties(Map.of("Type", "AWS::Serverless::Function",
                "Properties", Map.of("Handler", "a.B::handleRequest")));

        assertEquals("java25", properties.get("Runtime"));
        assertEquals(512, properties.get("MemorySize"));
        assertEquals("a.B::handleRequest", properties.get("Handler"));
    }

    @Test
    void scalarOnTheFunctionOverridesTheGlobal() {
        var properties = mergedProperties(Map.of("Type", "AWS::Serverless::Function",
                "Properties", Map.of("MemorySize", 1024)));

        assertEquals(1024, properties.get("MemorySize"));
    }

    @Test
    void environmentVariablesAreMergedKeyByKeyWithTheFunctionWinning() {
        var properties = mergedProperties(Map.of("Type", "AWS::Serverless::Function", "Properties", Map.of(
                "Environment", Map.of("Variables", Map.of("LEVEL", "DEBUG", "EXTRA", "1")))));

        assertEquals(Map.of("TABLE_NAME", Map.of("Ref", "Table"), "LEVEL", "DEBUG", "EXTRA", "1"),
                Values.at(properties, "Environment", "Variables").orElseThrow());
    }

    @Test
    void listsAreAdditiveWithGlobalEntriesFirstAsSamDocuments() {
        var properties = mergedProperties(Map.of("Type", "AWS::Serverless::Function",
                "Properties", Map.of("Layers", List.of("own-layer"))));

        assertEquals(List.of("global-layer", "own-layer"), properties.get("Layers"));
    }

    @Test
    void anIntrinsicOnTheFunctionReplacesTheGlobalValueWhole() {
        var properties = mergedProperties(Map.of("Type", "AWS::Serverless::Function", "Properties", Map.of(
                "Environment", Map.of("Variables", Map.of("TABLE_NAME", Map.of("Fn::Sub", "${Other}"))))));

        assertEquals(Map.of("Fn::Sub", "${Other}"), Values.at(properties, "Environment", "Variables", "TABLE_NAME")
                .orElseThrow());
    }

    @Test
    void resourcesThatGlobalsDoNotCoverAreUntouched() {
        var merged = Globals.apply(GLOBALS, Map.of("Fn", Map.of("Type", "AWS::Lambda::Function",
                "Properties", Map.of("Handler", "h"))));

        assertEquals(Map.of("Handler", "h"), Values.map(merged.get("Fn")).get("Properties"));
    }
}
