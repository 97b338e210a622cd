package webchat.local.template;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The template's Conditions: Fn::Equals, Fn::Not, Fn::And, Fn::Or and {@code Condition: name}, each named condition
 * evaluated once. An unknown or circular condition counts as false, with a warning.
 */
final class Conditions {

    private final Map<String, Object> definitions;
    private final IntrinsicResolver resolver;
    private final Map<String, Boolean> values = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    Conditions(Map<String, Object> definitions, IntrinsicResolver resolver) {
        this.definitions = definitions;
        this.resolver = resolver;
    }

    boolean named(String name, String where) {
        Boolean known = values.get(name);
        if (known != null) {
            return known;
        }
        if (!definitions.containsKey(name) || !evaluating.add(name)) {
            resolver.unresolved("Condition " + name, where, definitions.containsKey(name)
                    ? "refers to itself" : "is not declared in Conditions");
            return false;
        }
        try {
            boolean value = evaluate(definitions.get(name), "Condition " + name);
            values.put(name, value);
            return value;
        } finally {
            evaluating.remove(name);
        }
    }

    boolean evaluate(Object expression, String where) {
        if (!(expression instanceof Map<?, ?> map) || map.size() != 1) {
            return Values.isTrue(resolver.resolve(expression, where));
        }
        var entry = map.entrySet().iterator().next();
        String function = String.valueOf(entry.getKey());
        List<?> arguments = Values.list(entry.getValue());
        return switch (function) {
            case "Condition" -> named(Values.scalarText(entry.getValue()), where);
            case "Fn::Equals" -> arguments.size() == 2 && IntrinsicResolver.text(resolver.resolve(arguments.get(0),
                    where)).equals(IntrinsicResolver.text(resolver.resolve(arguments.get(1), where)));
            case "Fn::Not" -> arguments.size() == 1 && !evaluate(arguments.get(0), where);
            case "Fn::And" -> arguments.stream().allMatch(argument -> evaluate(argument, where));
            case "Fn::Or" -> arguments.stream().anyMatch(argument -> evaluate(argument, where));
            default -> Values.isTrue(resolver.resolve(expression, where));
        };
    }
}
