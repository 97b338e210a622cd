package webchat.local.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the runtime model out of a resolved template: the first WebSocket API, the functions, the tables, and a
 * warning for each thing that is ignored or runs differently locally.
 */
final class ApplicationReader {

    private static final Set<String> IGNORED_API_TYPES = Set.of(
            "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::ApiGateway::RestApi");

    private ApplicationReader() {}

    static Application read(ResolvedTemplate template) {
        List<String> warnings = new ArrayList<>(template.warnings());
        List<TemplateResource> webSocketApis = template.resources().values().stream()
                .filter(ApplicationReader::isWebSocketApi)
                .toList();
        if (webSocketApis.isEmpty()) {
            throw new TemplateException("Template " + template.templateFile() + " has no WebSocket API: add an "
                    + "AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET or an AWS::Serverless::WebSocketApi");
        }
        TemplateResource api = webSocketApis.getFirst();
        webSocketApis.stream().skip(1).forEach(other -> warnings.add("Resource " + other.logicalId() + ": only one "
                + "WebSocket API runs locally (" + api.logicalId() + "); this one is ignored"));
        warnAboutIgnoredResources(template, warnings);

        Map<String, LambdaFunction> functions = new FunctionReader(template, warnings).read();
        var targets = new FunctionTargets(template, functions);
        WebSocketApi webSocketApi = api.is("AWS::Serverless::WebSocketApi")
                ? new ServerlessWebSocketApiReader(template, targets, warnings).read(api)
                : new ApiGatewayV2Reader(template, targets, warnings).read(api);
        return new Application(template.stackName(), template.region(), template.accountId(), webSocketApi,
                functions, new TableReader(template).read(), List.copyOf(new LinkedHashSet<>(warnings)));
    }

    private static boolean isWebSocketApi(TemplateResource resource) {
        return resource.is("AWS::Serverless::WebSocketApi") || (resource.is("AWS::ApiGatewayV2::Api")
                && resource.text("ProtocolType").filter("WEBSOCKET"::equals).isPresent());
    }

    private static void warnAboutIgnoredResources(ResolvedTemplate template, List<String> warnings) {
        template.resources().values().forEach(resource -> {
            String id = resource.logicalId();
            if (IGNORED_API_TYPES.contains(resource.type())
                    || (resource.is("AWS::ApiGatewayV2::Api") && !isWebSocketApi(resource))) {
                warnings.add("Resource " + id + ": " + resource.type() + " is an HTTP or REST API; only WebSocket "
                        + "APIs are served locally, so it is ignored");
            } else if (resource.is("AWS::ApiGatewayV2::Deployment")) {
                warnings.add("Resource " + id + ": an explicit Deployment is not redeployed on AWS when routes change "
                        + "(new routes answer Forbidden); prefer a Stage with AutoDeploy: true");
            }
            if (isWebSocketApi(resource) && (resource.property("Body").isPresent()
                    || resource.property("BodyS3Location").isPresent())) {
                warnings.add("Resource " + id + ": an OpenAPI Body is not imported locally; only Route resources "
                        + "are served");
            }
        });
    }
}
