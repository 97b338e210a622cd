package webchat.local.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import webchat.local.template.IntrinsicResolver.Call;

/** The intrinsics that compute a value from other values: Fn::Join, Select, Split, FindInMap, Base64, GetAZs. */
final class ValueFunctions {

    private final IntrinsicResolver resolver;
    private final Map<String, Object> mappings;
    private final String region;

    ValueFunctions(IntrinsicResolver resolver, Map<String, Object> mappings, String region) {
        this.resolver = resolver;
        this.mappings = mappings;
        this.region = region;
    }

    void addTo(Map<String, Function<Call, Object>> functions) {
        functions.put("Fn::Join", this::join);
        functions.put("Fn::Select", this::select);
        functions.put("Fn::Split", this::split);
        functions.put("Fn::FindInMap", this::findInMap);
        functions.put("Fn::Base64", call -> Base64.getEncoder()
                .encodeToString(text(call.argument(), call).getBytes(StandardCharsets.UTF_8)));
        functions.put("Fn::GetAZs", call -> List.of(region + "a", region + "b", region + "c"));
    }

    private Object join(Call call) {
        List<?> arguments = call.arguments(2);
        if (arguments == null) {
            return resolver.unresolved("Fn::Join", call.where(), "needs [delimiter, [values]]");
        }
        String delimiter = text(arguments.get(0), call);
        List<?> values = Values.list(resolver.resolve(arguments.get(1), call.where()));
        return String.join(delimiter, values.stream().map(IntrinsicResolver::text).toList());
    }

    private Object select(Call call) {
        List<?> arguments = call.arguments(2);
        if (arguments == null) {
            return resolver.unresolved("Fn::Select", call.where(), "needs [index, [values]]");
        }
        String index = text(arguments.get(0), call);
        List<?> values = Values.list(resolver.resolve(arguments.get(1), call.where()));
        try {
            return values.get(Integer.parseInt(index.trim()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return resolver.unresolved("Fn::Select " + index, call.where(), "is out of range of " + values);
        }
    }

    private Object split(Call call) {
        List<?> arguments = call.arguments(2);
        if (arguments == null) {
            return resolver.unresolved("Fn::Split", call.where(), "needs [delimiter, text]");
        }
        String delimiter = text(arguments.get(0), call);
        String source = text(arguments.get(1), call);
        var parts = new ArrayList<Object>();
        int start = 0;
        for (int at = source.indexOf(delimiter); !delimiter.isEmpty() && at >= 0;
                at = source.indexOf(delimiter, start)) {
            parts.add(source.substring(start, at));
            start = at + delimiter.length();
        }
        parts.add(source.substring(start));
        return parts;
    }

    private Object findInMap(Call call) {
        List<?> arguments = Values.list(call.argument());
        if (arguments.size() < 3) {
            return resolver.unresolved("Fn::FindInMap", call.where(), "needs [map, topKey, secondKey]");
        }
        String map = text(arguments.get(0), call);
        String top = text(arguments.get(1), call);
        String second = text(arguments.get(2), call);
        Optional<Object> found = Values.at(Values.map(mappings), map, top, second);
        if (found.isEmpty() && arguments.size() > 3) {
            found = Values.at(Values.map(arguments.get(3)), "DefaultValue")
                    .map(fallback -> resolver.resolve(fallback, call.where()));
        }
        return found.orElseGet(() -> resolver.unresolved("Fn::FindInMap " + map + "." + top + "." + second,
                call.where(), "is not in Mappings"));
    }

    private String text(Object value, Call call) {
        return IntrinsicResolver.text(resolver.resolve(value, call.where()));
    }
}
