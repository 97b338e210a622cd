package webchat.local.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads SAM's {@code AWS::Serverless::WebSocketApi}: Routes maps each route key to a FunctionArn; StageName defaults
 * to {@code default}.
 *
 * @see <a href="https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-websocketapi.html">AWS::Serverless::WebSocketApi</a>
 */
final class ServerlessWebSocketApiReader {

    static final String DEFAULT_STAGE = "default";

    private final ResolvedTemplate template;
    private final FunctionTargets targets;
    private final List<String> warnings;

    ServerlessWebSocketApiReader(ResolvedTemplate template, FunctionTargets targets, List<String> warnings) {
        this.template = template;
        this.targets = targets;
        this.warnings = warnings;
    }

    WebSocketApi read(TemplateResource api) {
        String auth = api.text("Auth", "AuthType").orElse("NONE");
        if (!auth.equals("NONE")) {
            warnings.add("Resource " + api.logicalId() + ": Auth " + auth + " is not checked locally; every "
                    + "connection is allowed");
        }
        Map<String, Object> declaredRoutes = Values.map(api.declaredProperties().get("Routes"));
        var routes = new LinkedHashMap<String, Route>();
        Values.map(api.property("Routes").orElse(null)).forEach((key, configValue) -> {
            Map<String, Object> config = Values.map(configValue);
            if (Values.isTrue(config.get("ApiKeyRequired"))) {
                warnings.add("Resource " + api.logicalId() + ": route " + key + ": API keys are not checked locally");
            }
            Object declaredArn = Values.map(declaredRoutes.get(key)).get("FunctionArn");
            String function = targets.runnable(targets.find(declaredArn, config.get("FunctionArn")), key,
                    api.logicalId(), warnings);
            routes.put(key, new Route(key, function, returnsResponse(api, key, config)));
        });
        return new WebSocketApi(api.logicalId(), template.apiId(),
                api.text("Name").orElse(api.logicalId()),
                api.text("RouteSelectionExpression").orElse("$request.body.action"),
                api.text("StageName").orElse(DEFAULT_STAGE), routes);
    }

    /**
     * Two-way when the route has a RouteResponseSelectionExpression and the template adds an
     * {@code AWS::ApiGatewayV2::RouteResponse} for SAM's generated route, {@code {Api}{routeKeyAlphanumerics}Route}.
     */
    private boolean returnsResponse(TemplateResource api, String key, Map<String, Object> config) {
        if (IntrinsicResolver.text(config.get("RouteResponseSelectionExpression")).isBlank()) {
            return false;
        }
        String generatedRoute = api.logicalId() + key.replaceAll("[^A-Za-z0-9]", "") + "Route";
        return template.ofType("AWS::ApiGatewayV2::RouteResponse").anyMatch(response ->
                generatedRoute.equals(response.text("RouteId").orElse(null))
                        || References.in(response.declaredProperties().get("RouteId")).contains(generatedRoute));
    }
}
