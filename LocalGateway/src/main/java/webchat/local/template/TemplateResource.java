package webchat.local.template;

import java.util.Map;
import java.util.Optional;

/**
 * One resource of a resolved template.
 *
 * @param properties         the Properties with every intrinsic resolved to local values (Globals merged)
 * @param declaredProperties the same Properties as written (long-form intrinsics, Globals merged), for finding which
 *                           resources a property refers to
 */
public record TemplateResource(
        String logicalId, String type, Map<String, Object> properties, Map<String, Object> declaredProperties) {

    /** The resolved property at a path of keys, e.g. {@code property("Environment", "Variables")}. */
    public Optional<Object> property(String... path) {
        return Values.at(properties, path);
    }

    /** The resolved scalar property at a path, as text. */
    public Optional<String> text(String... path) {
        return Values.string(properties, path);
    }

    public boolean is(String resourceType) {
        return type.equals(resourceType);
    }
}
