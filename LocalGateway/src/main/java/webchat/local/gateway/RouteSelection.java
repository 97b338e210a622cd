package webchat.local.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the route of an incoming message as API Gateway does: the route selection expression is evaluated against
 * the message parsed as JSON, and the result must equal a route key exactly (case-sensitive). A message that is not
 * JSON, lacks the key, or names no route goes to {@code $default}.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html">
 *     WebSocket routes</a>
 */
final class RouteSelection {

    static final String DEFAULT = "$default";
    private static final String BODY_PREFIX = "$request.body.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RouteSelection() {}

    /** The selected route key, or empty when nothing matches and the API has no {@code $default} route. */
    static Optional<String> select(String expression, String message, Set<String> routeKeys) {
        var selected = evaluate(expression, message)
                .filter(key -> !key.equals("$connect") && !key.equals("$disconnect"))
                .filter(routeKeys::contains);
        if (selected.isPresent()) {
            return selected;
        }
        return routeKeys.contains(DEFAULT) ? Optional.of(DEFAULT) : Optional.empty();
    }

    /** The string the expression names in the message ({@code $request.body.a.b} or {@code ${request.body.a.b}}). */
    static Optional<String> evaluate(String expression, String message) {
        var path = bodyPath(expression);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(message);
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
        for (var field : path.get().split("\\.", -1)) {
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            node = node.get(field);
        }
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    private static Optional<String> bodyPath(String expression) {
        var plain = expression.trim();
        if (plain.startsWith("${") && plain.endsWith("}")) {
            plain = "$" + plain.substring(2, plain.length() - 1);
        }
        if (!plain.startsWith(BODY_PREFIX) || plain.length() == BODY_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(plain.substring(BODY_PREFIX.length()));
    }
}
