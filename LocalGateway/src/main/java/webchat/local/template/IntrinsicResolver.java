package webchat.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Evaluates CloudFormation intrinsic functions in a template value: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select,
 * Fn::Split, Fn::If, Fn::FindInMap, Fn::Base64, Fn::GetAZs and the condition functions. What cannot be known locally
 * becomes a {@code <unresolved ...>} placeholder plus a warning naming where it was; it never throws for that.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html">Intrinsic function reference</a>
 */
final class IntrinsicResolver {

    /** {@code Ref: AWS::NoValue}: the enclosing key or list element disappears. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private final Parameters parameters;
    private final PseudoParameters pseudo;
    private final Conditions conditions;
    private final ResourceNames names;
    private final List<String> warnings;
    private final Map<String, Function<Call, Object>> functions = new LinkedHashMap<>();

    IntrinsicResolver(Parameters parameters, PseudoParameters pseudo, Map<String, Object> conditionDefinitions,
                      Map<String, Object> mappings, Map<String, Map<String, Object>> resources,
                      String webSocketApiId, List<String> warnings) {
        this.parameters = parameters;
        this.pseudo = pseudo;
        this.warnings = warnings;
        this.conditions = new Conditions(conditionDefinitions, this);
        this.names = new ResourceNames(resources, pseudo.stackName(), pseudo.region(), pseudo.accountId(),
                webSocketApiId, (value, where) -> text(resolve(value, where)));
        functions.put("Ref", call -> ref(call.stringArgument(), call.where()));
        functions.put("Fn::GetAtt", this::getAtt);
        functions.put("Fn::Sub", call -> new Substitution(this).apply(call.argument(), call.where()));
        functions.put("Fn::If", this::ifFunction);
        new ValueFunctions(this, mappings, pseudo.region()).addTo(functions);
        functions.put("Fn::Equals", call -> conditions.evaluate(call.asMap(), call.where()));
        functions.put("Fn::Not", call -> conditions.evaluate(call.asMap(), call.where()));
        functions.put("Fn::And", call -> conditions.evaluate(call.asMap(), call.where()));
        functions.put("Fn::Or", call -> conditions.evaluate(call.asMap(), call.where()));
    }

    ResourceNames names() {
        return names;
    }

    Conditions conditions() {
        return conditions;
    }

    /** The value with every intrinsic evaluated; {@link #NO_VALUE} entries removed from maps and lists. */
    Object resolve(Object value, String where) {
        return switch (value) {
            case Map<?, ?> map when isIntrinsic(map) -> call(Values.stringKeyed(map), where);
            case Map<?, ?> map -> {
                var resolved = new LinkedHashMap<String, Object>();
                map.forEach((key, element) -> {
                    Object result = resolve(element, where);
                    if (result != NO_VALUE) {
                        resolved.put(String.valueOf(key), result);
                    }
                });
                yield resolved;
            }
            case List<?> list -> {
                var resolved = new ArrayList<>(list.size());
                for (Object element : list) {
                    Object result = resolve(element, where);
                    if (result != NO_VALUE) {
                        resolved.add(result);
                    }
                }
                yield resolved;
            }
            case null, default -> value;
        };
    }

    /** A resolved scalar as text; lists joined with commas (how CloudFormation shows a list parameter). */
    static String text(Object resolved) {
        if (resolved instanceof List<?> list) {
            return String.join(",", list.stream().map(IntrinsicResolver::text).toList());
        }
        return resolved == NO_VALUE ? "" : Values.scalarText(resolved);
    }

    static boolean isIntrinsic(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    Object unresolved(String what, String where, String why) {
        warnings.add(where + ": " + what + " " + why + "; left as a placeholder");
        return "<unresolved " + what + ">";
    }

    private Object call(Map<String, Object> map, String where) {
        var entry = map.entrySet().iterator().next();
        Function<Call, Object> function = functions.get(entry.getKey());
        if (function == null) {
            return unresolved(entry.getKey(), where, "is not supported locally");
        }
        return function.apply(new Call(entry.getKey(), entry.getValue(), where));
    }

    Object ref(String name, String where) {
        if (name.startsWith("AWS::")) {
            return pseudo.value(name).orElseGet(() -> unresolved("Ref " + name, where, "is not a pseudo parameter"));
        }
        Optional<Object> parameter = parameters.value(name);
        if (parameter.isPresent()) {
            return parameter.get();
        }
        return names.ref(name).orElseGet(() -> unresolved("Ref " + name, where, "names no parameter or resource"));
    }

    Object getAtt(String logicalId, String attribute, String where) {
        return names.getAtt(logicalId, attribute).<Object>map(value -> value).orElseGet(() ->
                unresolved("Fn::GetAtt " + logicalId + "." + attribute, where, "is not known locally"));
    }

    private Object getAtt(Call call) {
        Object argument = resolve(call.argument(), call.where());
        List<?> parts = argument instanceof String dotted && dotted.contains(".")
                ? List.of(dotted.substring(0, dotted.indexOf('.')), dotted.substring(dotted.indexOf('.') + 1))
                : Values.list(argument);
        if (parts.size() != 2) {
            return unresolved("Fn::GetAtt " + argument, call.where(), "is malformed");
        }
        return getAtt(text(parts.get(0)), text(parts.get(1)), call.where());
    }

    private Object ifFunction(Call call) {
        List<?> arguments = call.arguments(3);
        if (arguments == null) {
            return unresolved("Fn::If", call.where(), "needs [condition, valueIfTrue, valueIfFalse]");
        }
        boolean holds = conditions.named(text(arguments.get(0)), call.where());
        return resolve(arguments.get(holds ? 1 : 2), call.where());
    }

    /** One intrinsic function call: its name, its raw argument and where in the template it is. */
    record Call(String name, Object argument, String where) {

        String stringArgument() {
            return Values.scalarText(argument);
        }

        /** The argument list when it has exactly the expected size, else null. */
        List<?> arguments(int size) {
            return argument instanceof List<?> list && list.size() == size ? list : null;
        }

        Map<String, Object> asMap() {
            return Map.of(name, argument);
        }
    }
}
