package webchat.local.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds which template function an integration URI or a FunctionArn points at: first by what the declared value
 * refers to (Ref, GetAtt, {@code ${Fn.Alias}} in a Sub), else by the function name inside the resolved ARN.
 */
final class FunctionTargets {

    private static final Pattern FUNCTION_NAME = Pattern.compile(":function:([A-Za-z0-9_-]+)");

    private final ResolvedTemplate template;
    private final Map<String, LambdaFunction> functions;

    FunctionTargets(ResolvedTemplate template, Map<String, LambdaFunction> functions) {
        this.template = template;
        this.functions = functions;
    }

    /** The logical id of the function resource the value targets, whether or not it runs locally. */
    Optional<String> find(Object declared, Object resolved) {
        Optional<String> referenced = References.in(declared).stream()
                .filter(id -> template.resources().containsKey(id))
                .filter(id -> ResourceNames.FUNCTION_TYPES.contains(template.resources().get(id).type()))
                .findFirst();
        if (referenced.isPresent() || resolved == null) {
            return referenced;
        }
        Matcher matcher = FUNCTION_NAME.matcher(IntrinsicResolver.text(resolved));
        while (matcher.find()) {
            String name = matcher.group(1);
            Optional<String> byName = functions.values().stream()
                    .filter(function -> function.functionName().equals(name))
                    .map(LambdaFunction::logicalId)
                    .findFirst();
            if (byName.isPresent()) {
                return byName;
            }
        }
        return Optional.empty();
    }

    boolean runsLocally(String logicalId) {
        return functions.containsKey(logicalId);
    }

    /** The function id when it runs locally; otherwise null plus a warning naming the route. */
    String runnable(Optional<String> target, String routeKey, String owner, List<String> warnings) {
        if (target.isEmpty()) {
            warnings.add("Resource " + owner + ": route " + routeKey + " has no Lambda function of this template "
                    + "behind it; it answers with an error locally");
            return null;
        }
        if (!functions.containsKey(target.get())) {
            warnings.add("Resource " + owner + ": route " + routeKey + " targets " + target.get()
                    + ", which does not run locally");
            return null;
        }
        return target.get();
    }
}
