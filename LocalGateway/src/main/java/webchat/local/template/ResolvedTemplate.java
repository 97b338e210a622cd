package webchat.local.template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A template after Globals and intrinsic resolution, before it is read as an {@link Application}: every resource
 * whose Condition holds, in template order, for callers that check more than the local gateway needs (IAM policies,
 * permissions).
 *
 * @param apiId   the id given to the (first) WebSocket API
 * @param outputs the Outputs' values, resolved
 */
public record ResolvedTemplate(
        Path templateFile,
        String stackName,
        String region,
        String accountId,
        String apiId,
        Map<String, TemplateResource> resources,
        Map<String, Object> outputs,
        List<String> warnings) {

    public Stream<TemplateResource> ofType(String type) {
        return resources.values().stream().filter(resource -> resource.is(type));
    }

    /** The folder the template is in: CodeUri paths are relative to it. */
    public Path templateDirectory() {
        return templateFile.toAbsolutePath().normalize().getParent();
    }
}
