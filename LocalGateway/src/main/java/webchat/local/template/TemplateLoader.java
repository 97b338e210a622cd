package webchat.local.template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a SAM/CloudFormation template for local running: reads it (YAML short tags or JSON), merges Globals,
 * resolves intrinsics with local values, and reads the WebSocket API, its functions and tables out of it.
 */
public final class TemplateLoader {

    private static final String SAM_TRANSFORM = "AWS::Serverless-2016-10-31";

    private TemplateLoader() {}

    /**
     * @throws TemplateException when the file cannot be read, a parameter has no value, or there is no WebSocket API
     */
    public static Application load(Path templateFile, TemplateOptions options) {
        return ApplicationReader.read(resolve(templateFile, options));
    }

    /** The runtime model of a template already resolved (to read more of it than the model holds). */
    public static Application load(ResolvedTemplate resolved) {
        return ApplicationReader.read(resolved);
    }

    /** The template's resources with Globals merged and intrinsics resolved, for checks beyond the runtime model. */
    public static ResolvedTemplate resolve(Path templateFile, TemplateOptions options) {
        Map<String, Object> template = TemplateReader.read(templateFile);
        Map<String, Object> declaredResources = Values.map(template.get("Resources"));
        if (declaredResources.isEmpty()) {
            throw new TemplateException("Template " + templateFile + " has no Resources");
        }
        List<String> warnings = new ArrayList<>();
        warnAboutTransforms(template.get("Transform"), warnings);
        Map<String, Object> resources = Globals.apply(Values.map(template.get("Globals")), declaredResources);
        var parameters = Parameters.of(Values.map(template.get("Parameters")), options.parameterOverrides(),
                warnings);
        String apiId = options.apiId() != null ? options.apiId() : TemplateOptions.randomApiId();
        var pseudo = new PseudoParameters(options.stackName(), options.region(), options.accountId());
        var resolver = new IntrinsicResolver(parameters, pseudo, Values.map(template.get("Conditions")),
                Values.map(template.get("Mappings")), asResourceMaps(resources), apiId, warnings);

        var resolved = new LinkedHashMap<String, TemplateResource>();
        resources.forEach((logicalId, definitionValue) -> {
            Map<String, Object> definition = Values.map(definitionValue);
            String where = "Resource " + logicalId;
            if (holds(definition, resolver, where)) {
                Map<String, Object> declared = Values.map(definition.get("Properties"));
                resolved.put(logicalId, new TemplateResource(logicalId, String.valueOf(definition.get("Type")),
                        Values.map(resolver.resolve(declared, where)), declared));
            }
        });
        var outputs = new LinkedHashMap<String, Object>();
        Values.map(template.get("Outputs")).forEach((name, outputValue) -> {
            Map<String, Object> output = Values.map(outputValue);
            String where = "Output " + name;
            if (holds(output, resolver, where)) {
                outputs.put(name, resolver.resolve(output.get("Value"), where));
            }
        });
        return new ResolvedTemplate(templateFile.toAbsolutePath().normalize(), options.stackName(),
                options.region(), options.accountId(), apiId, resolved, outputs, List.copyOf(warnings));
    }

    private static boolean holds(Map<String, Object> definition, IntrinsicResolver resolver, String where) {
        Object condition = definition.get("Condition");
        return condition == null || resolver.conditions().named(Values.scalarText(condition), where);
    }

    private static Map<String, Map<String, Object>> asResourceMaps(Map<String, Object> resources) {
        var maps = new LinkedHashMap<String, Map<String, Object>>();
        resources.forEach((logicalId, definition) -> maps.put(logicalId, Values.map(definition)));
        return maps;
    }

    private static void warnAboutTransforms(Object transform, List<String> warnings) {
        List<?> transforms = switch (transform) {
            case null -> List.of();
            case List<?> list -> list;
            default -> List.of(transform);
        };
        transforms.stream()
                .map(name -> name instanceof String text ? text : String.valueOf(name))
                .filter(name -> !name.equals(SAM_TRANSFORM))
                .forEach(name -> warnings.add("Transform " + name + " is not applied locally; only SAM's "
                        + SAM_TRANSFORM + " is understood"));
    }
}
