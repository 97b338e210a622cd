package webchat.local.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import webchat.local.lambda.FunctionInvoker;
import webchat.local.lambda.Invocation;
import webchat.local.template.Authorizer;

/**
 * Runs a $connect route's Lambda REQUEST authorizer as API Gateway does: a missing or empty identity source is
 * refused with 401 without calling the function; the function's IAM policy decides (Deny, or no Allow for the method
 * ARN: 403); a function that throws {@code Unauthorized} gets 401; any other error or an invalid answer (no
 * principalId, no policy, a context value that is an object or a list) gets 500. An Allow yields principalId plus the
 * context, every value as a string, for requestContext.authorizer. Results are not cached: AWS refuses
 * AuthorizerResultTtlInSeconds on WEBSOCKET APIs ("AuthorizerResultTtlInSeconds cannot be set for WEBSOCKET protocol
 * Apis"), and the API reference says the TTL is supported only for HTTP APIs.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html">
 *     WebSocket Lambda REQUEST authorizers</a>
 * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html">
 *     CreateAuthorizer: identity sources are checked before the call (401), TTL for HTTP APIs only</a>
 */
final class ConnectAuthorizer {

    static final int UNAUTHORIZED = 401;
    static final int FORBIDDEN = 403;
    static final int INTERNAL_ERROR = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Allowed ({@code status == 0}) with the context for the connection's events and the authorizer's latency, or
     * refused with an HTTP status; {@link #NO_AUTHORIZER} (no context, no latency) for a route without authorizer.
     */
    record Verdict(int status, Map<String, String> context, Long latencyMillis, String note) {

        static final Verdict NO_AUTHORIZER = new Verdict(0, null, null, "no authorizer");

        boolean allowed() {
            return status == 0;
        }
    }

    private final FunctionInvoker invoker;
    private final Events events;
    private final Clock clock;

    ConnectAuthorizer(FunctionInvoker invoker, Events events, Clock clock) {
        this.invoker = invoker;
        this.events = events;
        this.clock = clock;
    }

    Verdict authorize(Authorizer authorizer, ConnectionInfo connection, Events.Request request,
                      Map<String, List<String>> authorizerHeaders, Map<String, List<String>> query) {
        if (authorizer.functionLogicalId() == null) {
            return refused(INTERNAL_ERROR, "authorizer " + authorizer.logicalId() + " has no local function", 0);
        }
        for (var source : authorizer.identitySources()) {
            if (!present(source, authorizerHeaders, query)) {
                return refused(UNAUTHORIZED, "identity source " + source + " missing", 0);
            }
        }
        var event = events.authorizerRequest(connection, request, authorizer.methodArn(), authorizerHeaders, query);
        var started = clock.millis();
        var invocation = invoke(authorizer.functionLogicalId(), event.toString());
        var latency = Math.max(0, clock.millis() - started);
        if (!invocation.succeeded()) {
            var unauthorized = "Unauthorized".equals(parse(invocation.payload()).path("errorMessage").asText(null));
            return refused(unauthorized ? UNAUTHORIZED : INTERNAL_ERROR, "authorizer " + invocation.outcome(), latency);
        }
        return verdict(parse(invocation.payload()), authorizer.methodArn(), latency);
    }

    private static Verdict verdict(JsonNode response, String methodArn, long latency) {
        var principalId = response.path("principalId");
        if (!principalId.isValueNode() || principalId.isNull()) {
            return refused(INTERNAL_ERROR, "authorizer answered without principalId", latency);
        }
        var decision = AuthorizerPolicy.evaluate(response.path("policyDocument"), methodArn);
        if (decision == AuthorizerPolicy.Decision.INVALID) {
            return refused(INTERNAL_ERROR, "authorizer answered without a valid policyDocument", latency);
        }
        var context = new LinkedHashMap<String, String>();
        context.put("principalId", principalId.asText());
        for (var entry : response.path("context").properties()) {
            if (entry.getValue().isContainerNode()) {
                return refused(INTERNAL_ERROR, "authorizer context value " + entry.getKey()
                        + " is not a string, number or boolean", latency);
            }
            if (!entry.getValue().isNull()) {
                context.put(entry.getKey(), entry.getValue().asText());
            }
        }
        if (decision == AuthorizerPolicy.Decision.DENY) {
            return refused(FORBIDDEN, "policy denies " + methodArn, latency);
        }
        return new Verdict(0, context, latency, "allowed");
    }

    private static boolean present(String source, Map<String, List<String>> headers,
                                   Map<String, List<String>> query) {
        List<String> values;
        if (source.startsWith("route.request.header.")) {
            var name = source.substring("route.request.header.".length());
            values = headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(List.of());
        } else {
            values = query.getOrDefault(source.substring("route.request.querystring.".length()), List.of());
        }
        return values.stream().anyMatch(value -> value != null && !value.isEmpty());
    }

    private Invocation invoke(String functionId, String event) {
        try {
            return invoker.invoke(functionId, event);
        } catch (RuntimeException failure) {
            return new Invocation(null, Invocation.Outcome.CRASHED, String.valueOf(failure.getMessage()));
        }
    }

    private static Verdict refused(int status, String note, long latency) {
        return new Verdict(status, Map.of(), latency, note);
    }

    private static JsonNode parse(String payload) {
        try {
            return payload == null ? JSON.missingNode() : JSON.readTree(payload);
        } catch (JacksonException notJson) {
            return JSON.missingNode();
        }
    }
}
