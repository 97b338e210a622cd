package webchat.local.template;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The logical ids a declared (unresolved) value refers to through Ref, Fn::GetAtt or a {@code ${...}} of Fn::Sub,
 * wherever they are nested: {@code ${ConnectFunction.Alias}} inside a Sub refers to {@code ConnectFunction}.
 */
final class References {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    private References() {}

    static Set<String> in(Object declared) {
        var found = new LinkedHashSet<String>();
        collect(declared, found);
        return found;
    }

    private static void collect(Object value, Set<String> found) {
        if (value instanceof List<?> list) {
            list.forEach(element -> collect(element, found));
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return;
        }
        map.forEach((key, argument) -> {
            switch (String.valueOf(key)) {
                case "Ref" -> found.add(baseName(Values.scalarText(argument)));
                case "Fn::GetAtt" -> {
                    Object target = argument instanceof List<?> list && !list.isEmpty() ? list.getFirst() : argument;
                    found.add(baseName(Values.scalarText(target)));
                }
                case "Fn::Sub" -> {
                    Object template = argument instanceof List<?> list && !list.isEmpty() ? list.getFirst() : argument;
                    if (template instanceof String text) {
                        Matcher matcher = SUB_VARIABLE.matcher(text);
                        while (matcher.find()) {
                            found.add(baseName(matcher.group(1).strip()));
                        }
                    }
                }
                default -> { }
            }
            collect(argument, found);
        });
    }

    private static String baseName(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
