package webchat.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Evaluates the IAM policy a Lambda authorizer returns against the $connect method ARN, as IAM does: an explicit
 * Deny wins, else an Allow of {@code execute-api:Invoke} on a matching resource allows, else it is denied. Actions and
 * resources may be strings or lists, with {@code *} and {@code ?} wildcards.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html">
 *     Output from an API Gateway Lambda authorizer</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html">
 *     IAM policy evaluation logic</a>
 */
final class AuthorizerPolicy {

    enum Decision { ALLOW, DENY, INVALID }

    private AuthorizerPolicy() {}

    static Decision evaluate(JsonNode policyDocument, String methodArn) {
        var statements = policyDocument.path("Statement");
        if (statements.isObject()) {
            statements = JsonNodeFactory.instance.arrayNode().add(statements);
        }
        if (!statements.isArray() || statements.isEmpty()) {
            return Decision.INVALID;
        }
        var allowed = false;
        for (var statement : statements) {
            var effect = statement.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                return Decision.INVALID;
            }
            var applies = matchesAny(strings(statement.path("Action")), "execute-api:Invoke", true)
                    && matchesAny(strings(statement.path("Resource")), methodArn, false);
            if (applies && effect.equals("Deny")) {
                return Decision.DENY;
            }
            allowed |= applies;
        }
        return allowed ? Decision.ALLOW : Decision.DENY;
    }

    private static List<String> strings(JsonNode node) {
        var values = new ArrayList<String>();
        if (node.isTextual()) {
            values.add(node.textValue());
        } else if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    private static boolean matchesAny(List<String> patterns, String value, boolean ignoreCase) {
        return patterns.stream().anyMatch(pattern -> glob(pattern, ignoreCase).matcher(value).matches());
    }

    private static Pattern glob(String pattern, boolean ignoreCase) {
        var regex = new StringBuilder();
        for (var part : pattern.split("(?=[*?])|(?<=[*?])")) {
            regex.append(switch (part) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(part);
            });
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    }
}
