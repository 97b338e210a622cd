package webchat.local.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The values of a template's Parameters: the override when given, else the Default; Number parameters in their
 * string form, list types ({@code CommaDelimitedList}, {@code List<...>}) as lists of strings.
 */
final class Parameters {

    private final Map<String, Object> values;

    private Parameters(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * @throws TemplateException naming the parameter when one has neither an override nor a Default, or its value is
     *                           not among AllowedValues or does not match AllowedPattern
     */
    static Parameters of(Map<String, Object> declared, Map<String, String> overrides, List<String> warnings) {
        var values = new LinkedHashMap<String, Object>();
        declared.forEach((name, definitionValue) -> {
            Map<String, Object> definition = Values.map(definitionValue);
            String type = Values.string(definition, "Type").orElse("String");
            String value = overrides.containsKey(name)
                    ? overrides.get(name)
                    : Values.at(definition, "Default").map(Parameters::defaultText).orElseThrow(() ->
                            new TemplateException("Parameter " + name + " has no Default and no value was given: "
                                    + "pass one as a parameter override (" + name + "=...)"));
            validate(name, value, definition);
            if (type.startsWith("AWS::SSM::Parameter::Value")) {
                warnings.add("Parameter " + name + ": " + type + " is read from SSM Parameter Store on AWS; "
                        + "locally its value is the parameter name '" + value + "'");
            }
            values.put(name, isListType(type) ? splitList(value) : value);
        });
        overrides.keySet().stream()
                .filter(name -> !declared.containsKey(name))
                .forEach(name -> warnings.add("Parameter override " + name + " ignored: the template declares no "
                        + "such parameter"));
        return new Parameters(values);
    }

    Optional<Object> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    private static String defaultText(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(Values::scalarText).toList());
        }
        return Values.scalarText(value);
    }

    private static boolean isListType(String type) {
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }

    private static List<String> splitList(String value) {
        return value.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(value.split(",", -1)));
    }

    /** Java's regex dialect differs a little from CloudFormation's: a pattern Java cannot compile is not checked. */
    private static boolean matches(String pattern, String value) {
        try {
            return Pattern.compile(pattern).matcher(value).matches();
        } catch (PatternSyntaxException e) {
            return true;
        }
    }

    private static void validate(String name, String value, Map<String, Object> definition) {
        List<?> allowed = Values.list(definition.get("AllowedValues"));
        if (!allowed.isEmpty() && allowed.stream().map(Values::scalarText).noneMatch(value::equals)) {
            throw new TemplateException("Parameter " + name + " value '" + value + "' is not one of its "
                    + "AllowedValues " + allowed);
        }
        Optional<String> pattern = Values.string(definition, "AllowedPattern");
        if (pattern.isPresent() && !matches(pattern.get(), value)) {
            throw new TemplateException("Parameter " + name + " value '" + value + "' does not match its "
                    + "AllowedPattern " + pattern.get());
        }
    }
}
