package webchat.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SAM's Globals section applied to the resources it covers: maps are merged key by key, a scalar set on the resource
 * wins, and lists are additive (the Globals entries first), as SAM documents it.
 *
 * @see <a href="https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html">Globals section</a>
 */
final class Globals {

    /** Globals section name by the SAM resource type it applies to. */
    private static final Map<String, String> SECTIONS = Map.of(
            "AWS::Serverless::Function", "Function",
            "AWS::Serverless::SimpleTable", "SimpleTable",
            "AWS::Serverless::Api", "Api",
            "AWS::Serverless::HttpApi", "HttpApi",
            "AWS::Serverless::StateMachine", "StateMachine",
            "AWS::Serverless::WebSocketApi", "WebSocketApi");

    private Globals() {}

    /** A copy of the template's resources with Globals merged into each resource's Properties. */
    static Map<String, Object> apply(Map<String, Object> globals, Map<String, Object> resources) {
        var merged = new LinkedHashMap<String, Object>();
        resources.forEach((logicalId, definition) -> {
            var resource = Values.stringKeyed(Values.map(definition));
            String section = SECTIONS.get(String.valueOf(resource.get("Type")));
            Map<String, Object> global = section == null ? Map.of() : Values.map(globals.get(section));
            if (!global.isEmpty()) {
                resource.put("Properties", merge(global, Values.map(resource.get("Properties"))));
            }
            merged.put(logicalId, resource);
        });
        return merged;
    }

    /** The resource's properties over the global ones. */
    static Map<String, Object> merge(Map<String, Object> global, Map<String, Object> local) {
        var result = Values.stringKeyed(global);
        local.forEach((key, value) -> result.put(key, mergeValue(result.get(key), Values.deepCopy(value))));
        return result;
    }

    private static Object mergeValue(Object global, Object local) {
        if (isPlainMap(global) && isPlainMap(local)) {
            return merge(Values.map(global), Values.map(local));
        }
        if (global instanceof List<?> globalList && local instanceof List<?> localList) {
            var combined = new ArrayList<Object>(globalList);
            combined.addAll(localList);
            return combined;
        }
        return local;
    }

    /** A map that is not an intrinsic function call: intrinsics are values, replaced whole. */
    private static boolean isPlainMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return false;
        }
        if (map.size() != 1) {
            return true;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return !key.equals("Ref") && !key.startsWith("Fn::");
    }
}
