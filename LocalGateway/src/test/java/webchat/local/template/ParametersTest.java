package webchat.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {

    private final List<String> warnings = new ArrayList<>();

    @Test
    void aParameterWithoutDefaultOrOverrideIsAnErrorNamingIt() {
        var error = assertThrows(TemplateException.class, () -> Parameters.of(
                Map.of("AlertEmail", Map.of("Type", "String")), Map.of(), warnings));

        assertTrue(error.getMessage().contains("AlertEmail"), error.getMessage());
    }

    @Test
    void anOverrideSuppliesAParameterThatHasNoDefault() {
        var parameters = Parameters.of(Map.of("AlertEmail", Map.of("Type", "String")),
                Map.of("AlertEmail", "ops@example.com"), warnings);

        assertEquals("ops@example.com", parameters.value("AlertEmail").orElseThrow());
    }

    @Test
    void aValueOutsideAllowedValuesOrAllowedPatternIsRejected() {
        Map<String, Object> declared = Map.of(
                "Env", Map.of("Type", "String", "Default", "dev", "AllowedValues", List.of("dev", "prod")),
                "Stage", Map.of("Type", "String", "Default", "dev", "AllowedPattern", "^[a-z]+$"));

        assertThrows(TemplateException.class, () -> Parameters.of(declared, Map.of("Env", "test"), warnings));
        assertThrows(TemplateException.class, () -> Parameters.of(declared, Map.of("Stage", "Dev 1"), warnings));
    }

    @Test
    void anOverrideForAnUndeclaredParameterIsWarnedAbout() {
        Parameters.of(Map.of(), Map.of("Typo", "x"), warnings);

        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().contains("Typo"), warnings.getFirst());
    }
}
