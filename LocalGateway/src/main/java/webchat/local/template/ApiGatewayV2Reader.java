package webchat.local.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a WEBSOCKET {@code AWS::ApiGatewayV2::Api} with the Route, Integration, RouteResponse and Stage resources
 * that belong to it.
 */
final class ApiGatewayV2Reader {

    static final String LOCAL_STAGE = "local";

    private final ResolvedTemplate template;
    private final FunctionTargets targets;
    private final List<String> warnings;
    private final AuthorizerReader authorizers;

    ApiGatewayV2Reader(ResolvedTemplate template, FunctionTargets targets, List<String> warnings) {
        this.template = template;
        this.targets = targets;
        this.warnings = warnings;
        this.authorizers = new AuthorizerReader(template, targets, warnings);
    }

    WebSocketApi read(TemplateResource api) {
        var stageName = stageName(api);
        var routes = new LinkedHashMap<String, Route>();
        partsOf(api, "AWS::ApiGatewayV2::Route").forEach(route -> {
            String key = route.text("RouteKey").orElse(route.logicalId());
            if (routes.containsKey(key)) {
                warnings.add("Resource " + route.logicalId() + ": route key " + key + " is declared twice; the first "
                        + "declaration is used");
                return;
            }
            warnAboutApiKeys(route);
            routes.put(key, new Route(key, function(route, key), returnsResponse(route), authorizers.read(route, key, stageName)));
        });
        return new WebSocketApi(api.logicalId(), template.apiId(),
                api.text("Name").orElse(api.logicalId()),
                api.text("RouteSelectionExpression").orElse("$request.body.action"),
                stageName, routes);
    }

    private String function(TemplateResource route, String key) {
        Optional<TemplateResource> integration = integration(route);
        if (integration.isEmpty()) {
            return targets.runnable(Optional.empty(), key, route.logicalId(), warnings);
        }
        TemplateResource target = integration.get();
        String type = target.text("IntegrationType").orElse("");
        if (type.equals("AWS")) {
            warnings.add("Resource " + target.logicalId() + ": AWS (non-proxy) integration; request and response "
                    + "templates are not applied locally, the function gets the proxy event");
        } else if (!type.equals("AWS_PROXY")) {
            warnings.add("Resource " + target.logicalId() + ": " + type + " integrations are not run locally; only "
                    + "Lambda (AWS_PROXY) ones are");
            return null;
        }
        return targets.runnable(targets.find(target.declaredProperties().get("IntegrationUri"),
                target.property("IntegrationUri").orElse(null)), key, route.logicalId(), warnings);
    }

    /** The integration named by the route's Target, {@code integrations/{id}}. */
    private Optional<TemplateResource> integration(TemplateResource route) {
        Optional<String> target = route.text("Target").map(text -> text.substring(text.lastIndexOf('/') + 1));
        return partsOf(null, "AWS::ApiGatewayV2::Integration")
                .filter(integration -> target.filter(integration.logicalId()::equals).isPresent()
                        || References.in(route.declaredProperties().get("Target")).contains(integration.logicalId()))
                .findFirst();
    }

    private boolean returnsResponse(TemplateResource route) {
        boolean selects = route.text("RouteResponseSelectionExpression").filter(text -> !text.isBlank()).isPresent();
        return selects && partsOf(null, "AWS::ApiGatewayV2::RouteResponse").anyMatch(response ->
                route.logicalId().equals(response.text("RouteId").orElse(null))
                        || References.in(response.declaredProperties().get("RouteId")).contains(route.logicalId()));
    }

    private String stageName(TemplateResource api) {
        List<TemplateResource> stages = partsOf(api, "AWS::ApiGatewayV2::Stage").toList();
        if (stages.isEmpty()) {
            warnings.add("Resource " + api.logicalId() + ": no AWS::ApiGatewayV2::Stage for this API; serving it at "
                    + "stage " + LOCAL_STAGE);
            return LOCAL_STAGE;
        }
        stages.stream().skip(1).forEach(stage -> warnings.add("Resource " + stage.logicalId() + ": only the first "
                + "stage (" + stages.getFirst().logicalId() + ") is served locally"));
        return stages.getFirst().text("StageName").orElse(LOCAL_STAGE);
    }

    private void warnAboutApiKeys(TemplateResource route) {
        if (route.text("ApiKeyRequired").filter(Values::isTrue).isPresent()) {
            warnings.add("Resource " + route.logicalId() + ": API keys are not checked locally");
        }
    }

    /** Resources of the type that belong to the API (all of that type when api is null). */
    private Stream<TemplateResource> partsOf(TemplateResource api, String type) {
        return template.ofType(type).filter(part -> api == null
                || Objects.equals(part.text("ApiId").orElse(null), template.apiId())
                || References.in(part.declaredProperties().get("ApiId")).contains(api.logicalId()));
    }
}
