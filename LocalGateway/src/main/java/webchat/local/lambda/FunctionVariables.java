package webchat.local.lambda;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import webchat.local.template.LambdaFunction;

/**
 * The environment a function JVM starts with, built from nothing so that the developer's own variables (real AWS
 * credentials above all) never reach a function. Later layers win: template variables with SAM overrides applied,
 * the gateway's extra variables, then what the Lambda service itself sets.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime">Defined runtime environment variables</a>
 */
final class FunctionVariables {

    /** The only variables taken from the gateway's own environment. */
    static final List<String> FROM_HOST = List.of("PATH", "HOME", "LANG");

    private FunctionVariables() {}

    /**
     * @param snapshot whether the environment runs SnapStart's lifecycle (init, beforeCheckpoint, wait to be restored);
     *                 false for an on-demand function, and for a SnapStart function's environment started on the
     *                 request path
     */
    static Map<String, String> of(LambdaFunction function, LambdaConfig config, Map<String, String> hostEnvironment,
            Path taskRoot, String runtimeApi, boolean snapshot) {
        Map<String, String> variables = new LinkedHashMap<>();
        FROM_HOST.forEach(name -> {
            if (hostEnvironment.get(name) != null) {
                variables.put(name, hostEnvironment.get(name));
            }
        });
        variables.putAll(templateVariables(function, config.envOverrides()));
        variables.putAll(config.extraEnvironment());
        variables.putAll(lambdaVariables(function, taskRoot, runtimeApi, snapshot));
        return variables;
    }

    /** The template's variables, each replaced by the function's own override, else by a Parameters override. */
    static Map<String, String> templateVariables(LambdaFunction function, Map<String, Map<String, String>> overrides) {
        Map<String, String> shared = overrides.getOrDefault(LambdaConfig.ALL_FUNCTIONS, Map.of());
        Map<String, String> own = overrides.getOrDefault(function.logicalId(),
                overrides.getOrDefault(function.functionName(), Map.of()));
        Map<String, String> variables = new LinkedHashMap<>();
        function.environment().forEach((name, value) ->
                variables.put(name, own.getOrDefault(name, shared.getOrDefault(name, value))));
        return variables;
    }

    private static Map<String, String> lambdaVariables(LambdaFunction function, Path taskRoot, String runtimeApi,
            boolean snapshot) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        variables.put("AWS_LAMBDA_FUNCTION_VERSION", SnapStart.version(function));
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", snapshot ? SnapStart.INITIALIZATION_TYPE : "on-demand");
        if (!function.snapStart()) {
            // "not available in Lambda SnapStart functions" (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-monitoring.html)
            variables.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
            variables.put("AWS_LAMBDA_LOG_STREAM_NAME", "$LATEST");
        }
        if (function.logFormat() != null) {
            variables.put("AWS_LAMBDA_LOG_FORMAT", function.logFormat().toUpperCase(Locale.ROOT));
        }
        if (function.logLevel() != null) {
            variables.put("AWS_LAMBDA_LOG_LEVEL", function.logLevel().toUpperCase(Locale.ROOT));
        }
        if (function.runtime() != null) {
            variables.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        }
        variables.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        variables.put("_HANDLER", function.handler());
        variables.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        variables.put("TZ", ":UTC");
        return variables;
    }
}
