package webchat.local.template;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code AWS::Serverless::Function} and {@code AWS::Lambda::Function} resources as {@link LambdaFunction}s,
 * with SAM's defaults (MemorySize 128, Timeout 3, LogFormat Text); warns about what does not run locally.
 */
final class FunctionReader {

    static final int DEFAULT_MEMORY_MB = 128;
    static final int DEFAULT_TIMEOUT_SECONDS = 3;

    private final ResolvedTemplate template;
    private final List<String> warnings;

    FunctionReader(ResolvedTemplate template, List<String> warnings) {
        this.template = template;
        this.warnings = warnings;
    }

    /** The runnable functions by logical id, in template order. */
    Map<String, LambdaFunction> read() {
        var functions = new LinkedHashMap<String, LambdaFunction>();
        template.resources().values().stream()
                .filter(resource -> ResourceNames.FUNCTION_TYPES.contains(resource.type()))
                .forEach(resource -> codeFolder(resource).ifPresent(folder ->
                        functions.put(resource.logicalId(), function(resource, folder))));
        return functions;
    }

    private LambdaFunction function(TemplateResource resource, Path codeFolder) {
        String id = resource.logicalId();
        String runtime = resource.text("Runtime").orElse(null);
        if (runtime == null || !runtime.startsWith("java")) {
            warnings.add("Resource " + id + ": runtime " + runtime + " is not supported locally (only Java functions "
                    + "built with Maven run here); its routes answer Internal server error");
        }
        resource.property("Layers").ifPresent(layers ->
                warnings.add("Resource " + id + ": Layers are not added to the class path locally"));
        Values.map(resource.property("Events").orElse(null)).forEach((name, event) ->
                warnings.add("Resource " + id + ": event source " + name + " ("
                        + Values.string(Values.map(event), "Type").orElse("?") + ") is not connected locally"));
        return new LambdaFunction(
                id,
                resource.text("FunctionName").orElse(template.stackName() + "-" + id),
                codeFolder,
                resource.text("Handler").orElse(null),
                runtime,
                environment(resource),
                Values.integer(resource.properties(), DEFAULT_MEMORY_MB, "MemorySize"),
                Values.integer(resource.properties(), DEFAULT_TIMEOUT_SECONDS, "Timeout"),
                resource.text("LoggingConfig", "LogFormat").orElse("Text"),
                resource.text("LoggingConfig", "ApplicationLogLevel").orElse(null),
                resource.text("SnapStart", "ApplyOn").filter("PublishedVersions"::equals).isPresent());
    }

    /** The function's code folder: SAM's CodeUri, or a Lambda::Function's Code given as a local path. */
    private Optional<Path> codeFolder(TemplateResource resource) {
        String id = resource.logicalId();
        Optional<Object> code = resource.is("AWS::Serverless::Function")
                ? resource.property("CodeUri").or(() -> resource.property("InlineCode").map(inline -> Map.of()))
                : resource.property("Code");
        if (resource.text("PackageType").filter("Image"::equals).isPresent()) {
            warnings.add("Resource " + id + ": container image functions are not run locally; function skipped");
            return Optional.empty();
        }
        if (code.isEmpty() && resource.is("AWS::Serverless::Function")) {
            return Optional.of(template.templateDirectory());
        }
        if (code.isPresent() && code.get() instanceof String path) {
            return Optional.of(template.templateDirectory().resolve(path).toAbsolutePath().normalize());
        }
        warnings.add("Resource " + id + ": code is not a local folder (inline or S3 code is not run locally); "
                + "function skipped");
        return Optional.empty();
    }

    private Map<String, String> environment(TemplateResource resource) {
        var environment = new LinkedHashMap<String, String>();
        Values.map(resource.property("Environment", "Variables").orElse(null)).forEach((name, value) -> {
            if (!Values.isScalar(value) && !(value instanceof List<?>)) {
                warnings.add("Resource " + resource.logicalId() + ": environment variable " + name
                        + " is not a string; passed as " + value);
            }
            environment.put(name, IntrinsicResolver.text(value));
        });
        return environment;
    }
}
