package webchat.local.template;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Fn::Sub}: {@code ${Parameter}}, {@code ${AWS::Region}}, {@code ${Resource}}, {@code ${Resource.Attribute}}
 * (including SAM's {@code ${Function.Alias}}), {@code ${!Literal}}, and the {@code [text, {Name: value}]} form.
 */
final class Substitution {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final IntrinsicResolver resolver;

    Substitution(IntrinsicResolver resolver) {
        this.resolver = resolver;
    }

    Object apply(Object argument, String where) {
        String template;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> list && list.size() == 2) {
            template = IntrinsicResolver.text(resolver.resolve(list.get(0), where));
            variables = Values.map(list.get(1));
        } else if (Values.isScalar(argument)) {
            template = Values.scalarText(argument);
        } else {
            return resolver.unresolved("Fn::Sub", where, "needs a string or [string, {variables}]");
        }
        Matcher matcher = VARIABLE.matcher(template);
        var result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(value(matcher.group(1), variables, where)));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String value(String name, Map<String, Object> variables, String where) {
        if (name.startsWith("!")) {
            return "${" + name.substring(1) + "}";
        }
        String trimmed = name.strip();
        if (variables.containsKey(trimmed)) {
            return IntrinsicResolver.text(resolver.resolve(variables.get(trimmed), where));
        }
        int dot = trimmed.indexOf('.');
        if (dot > 0 && !trimmed.startsWith("AWS::")) {
            return IntrinsicResolver.text(resolver.getAtt(trimmed.substring(0, dot), trimmed.substring(dot + 1),
                    where));
        }
        return IntrinsicResolver.text(resolver.ref(trimmed, where));
    }
}
