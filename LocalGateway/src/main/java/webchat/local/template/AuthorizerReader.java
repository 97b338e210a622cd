package webchat.local.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Lambda REQUEST authorizer of a route ({@code AuthorizationType: CUSTOM} plus {@code AuthorizerId}), with a
 * warning for each part that cannot run locally as it does on AWS.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-authorizer.html">
 *     AWS::ApiGatewayV2::Authorizer</a>
 */
final class AuthorizerReader {

    private static final List<String> SUPPORTED_SOURCES = List.of("route.request.header.", "route.request.querystring.");

    private final ResolvedTemplate template;
    private final FunctionTargets targets;
    private final List<String> warnings;

    AuthorizerReader(ResolvedTemplate template, FunctionTargets targets, List<String> warnings) {
        this.template = template;
        this.targets = targets;
        this.warnings = warnings;
    }

    /** The route's authorizer, or null when it has none (or one that only AWS checks, with a warning). */
    Authorizer read(TemplateResource route, String routeKey, String stageName) {
        String authorization = route.text("AuthorizationType").orElse("NONE");
        if (authorization.equals("NONE")) {
            return null;
        }
        if (!routeKey.equals("$connect")) {
            warnings.add("Resource " + route.logicalId() + ": authorization " + authorization + " is only allowed on "
                    + "the $connect route of a WebSocket API; it is ignored on " + routeKey);
            return null;
        }
        if (!authorization.equals("CUSTOM")) {
            warnings.add("Resource " + route.logicalId() + ": authorization " + authorization + " is not checked "
                    + "locally; every connection is allowed");
            return null;
        }
        Optional<TemplateResource> resource = authorizerResource(route);
        if (resource.isEmpty()) {
            warnings.add("Resource " + route.logicalId() + ": AuthorizerId names no AWS::ApiGatewayV2::Authorizer of "
                    + "this template; every handshake is refused with 500");
            return new Authorizer(route.logicalId(), route.logicalId(), null, List.of(), methodArn(stageName));
        }
        return read(resource.get(), methodArn(stageName));
    }

    private Authorizer read(TemplateResource authorizer, String methodArn) {
        String id = authorizer.logicalId();
        String type = authorizer.text("AuthorizerType").orElse("");
        if (!type.equals("REQUEST")) {
            warnings.add("Resource " + id + ": AuthorizerType " + type + " is not a Lambda REQUEST authorizer, the "
                    + "only kind WebSocket APIs have; every handshake is refused with 500");
            return new Authorizer(id, id, null, List.of(), methodArn);
        }
        if (authorizer.property("AuthorizerResultTtlInSeconds").isPresent()) {
            warnings.add("Resource " + id + ": AuthorizerResultTtlInSeconds is rejected by AWS for WEBSOCKET APIs "
                    + "(authorizer results are not cached there); it is ignored locally");
        }
        return new Authorizer(id, authorizer.text("Name").orElse(id), function(authorizer), identitySources(authorizer),
                methodArn);
    }

    private String methodArn(String stageName) {
        return "arn:aws:execute-api:" + template.region() + ":" + template.accountId() + ":" + template.apiId() + "/"
                + stageName + "/$connect";
    }

    private String function(TemplateResource authorizer) {
        Optional<String> target = targets.find(authorizer.declaredProperties().get("AuthorizerUri"),
                authorizer.property("AuthorizerUri").orElse(null));
        if (target.isEmpty() || !targets.runsLocally(target.get())) {
            warnings.add("Resource " + authorizer.logicalId() + ": its AuthorizerUri names no Lambda function that "
                    + "runs locally; every handshake is refused with 500");
            return null;
        }
        return target.get();
    }

    private List<String> identitySources(TemplateResource authorizer) {
        Object declared = authorizer.property("IdentitySource").orElse(List.of());
        List<String> sources = new ArrayList<>();
        if (declared instanceof List<?> list) {
            list.forEach(source -> sources.add(Values.scalarText(source).strip()));
        } else {
            Arrays.stream(Values.scalarText(declared).split(",")).map(String::strip).forEach(sources::add);
        }
        sources.removeIf(String::isEmpty);
        sources.stream()
                .filter(source -> SUPPORTED_SOURCES.stream().noneMatch(source::startsWith))
                .forEach(source -> warnings.add("Resource " + authorizer.logicalId() + ": identity source " + source
                        + " is not checked locally (only route.request.header.* and route.request.querystring.* are)"));
        return sources.stream().filter(source -> SUPPORTED_SOURCES.stream().anyMatch(source::startsWith)).toList();
    }

    /** The Authorizer resource the route's AuthorizerId refers to (by Ref, or by its resolved id). */
    private Optional<TemplateResource> authorizerResource(TemplateResource route) {
        var referenced = References.in(route.declaredProperties().get("AuthorizerId"));
        Optional<String> resolved = route.text("AuthorizerId");
        return template.ofType("AWS::ApiGatewayV2::Authorizer")
                .filter(candidate -> referenced.contains(candidate.logicalId())
                        || resolved.filter(candidate.logicalId()::equals).isPresent())
                .findFirst();
    }
}
