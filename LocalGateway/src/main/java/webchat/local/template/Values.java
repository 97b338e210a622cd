package webchat.local.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small helpers for the maps, lists and scalars a template is made of. */
final class Values {

    private Values() {}

    /** A deep copy in which every map key is a string (YAML allows numbers and booleans as keys). */
    static Map<String, Object> stringKeyed(Map<?, ?> map) {
        var copy = new LinkedHashMap<String, Object>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), deepCopy(value)));
        return copy;
    }

    static Object deepCopy(Object value) {
        return switch (value) {
            case Map<?, ?> map -> stringKeyed(map);
            case List<?> list -> {
                var copy = new ArrayList<>(list.size());
                list.forEach(element -> copy.add(deepCopy(element)));
                yield copy;
            }
            case null, default -> value;
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    /** The value at a path of map keys, or empty when a step is missing or not a map. */
    static Optional<Object> at(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            current = map.get(key);
        }
        return Optional.ofNullable(current);
    }

    static Optional<String> string(Map<String, Object> root, String... path) {
        return at(root, path).filter(Values::isScalar).map(Values::scalarText);
    }

    static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    /** A scalar as CloudFormation writes it: 500 not 500.0, true, text unchanged. */
    static String scalarText(Object value) {
        return switch (value) {
            case Double d when d == Math.rint(d) && !d.isInfinite() -> String.valueOf(d.longValue());
            case Double d -> BigDecimal.valueOf(d).toPlainString();
            case null -> "";
            default -> String.valueOf(value);
        };
    }

    static int integer(Map<String, Object> root, int defaultValue, String... path) {
        return string(root, path).map(text -> {
            try {
                return new BigDecimal(text.trim()).intValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                return defaultValue;
            }
        }).orElse(defaultValue);
    }

    static boolean isTrue(Object value) {
        return value instanceof Boolean b ? b : value != null && "true".equalsIgnoreCase(scalarText(value));
    }
}
