package webchat.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import webchat.local.lambda.FunctionInvoker;
import webchat.local.lambda.Invocation;
import webchat.local.template.Route;

/** Calls a route's Lambda integration; a missing integration or a crashing invoker is a failed invocation. */
final class RouteIntegration {

    private final FunctionInvoker invoker;
    private final GatewayConfig config;

    RouteIntegration(FunctionInvoker invoker, GatewayConfig config) {
        this.invoker = invoker;
        this.config = config;
    }

    Invocation invoke(Route route, ObjectNode event) {
        if (route.functionLogicalId() == null) {
            return new Invocation(null, Invocation.Outcome.FUNCTION_ERROR, "route " + route.routeKey()
                    + " has no Lambda integration");
        }
        try {
            return invoker.invoke(route.functionLogicalId(), event.toString());
        } catch (RuntimeException failure) {
            return new Invocation(null, Invocation.Outcome.CRASHED, String.valueOf(failure.getMessage()));
        }
    }

    /** A new request context (fresh requestId) for an event at this time. */
    Events.Request request(Instant time, String messageId) {
        return new Events.Request(config.ids().next(), messageId, time);
    }
}
