package webchat.local.template;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The template's resources that the local gateway does not emulate because they matter only once deployed: log
 * groups, alarms, dashboards, saved queries, topics, IAM roles, account settings and anything else outside the
 * WebSocket API, its functions and tables. They are accepted (their {@code Arn} resolves to a local placeholder)
 * and named once at start.
 */
public final class DeployOnlyResources {

    /** What runs locally, or has its own warning when it runs differently. */
    private static final Set<String> EMULATED = Set.of(
            "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::RouteResponse",
            "AWS::ApiGatewayV2::IntegrationResponse", "AWS::ApiGatewayV2::Authorizer",
            "AWS::ApiGatewayV2::Deployment", "AWS::Lambda::Permission", "AWS::Lambda::Version", "AWS::Lambda::Alias");

    /** {@code Fn::GetAtt X.Arn} of these types, in each service's ARN format. */
    private static final Map<String, String> ARN_FORMATS = Map.of(
            "AWS::CloudWatch::Alarm", "arn:aws:cloudwatch:%s:%s:alarm:%s",
            "AWS::Logs::LogGroup", "arn:aws:logs:%s:%s:log-group:%s:*",
            "AWS::SNS::Topic", "arn:aws:sns:%s:%s:%s",
            "AWS::SQS::Queue", "arn:aws:sqs:%s:%s:%s",
            "AWS::IAM::Role", "arn:aws:iam::%2$s:role/%3$s");

    private DeployOnlyResources() {}

    /**
     * One line naming the types not emulated with their counts, e.g. {@code 11 AWS::CloudWatch::Alarm, 5
     * AWS::Logs::LogGroup}; empty when every resource runs locally.
     */
    public static Optional<String> describe(ResolvedTemplate template) {
        Map<String, Long> counts = template.resources().values().stream()
                .map(TemplateResource::type)
                .filter(type -> !isEmulated(type))
                .collect(Collectors.groupingBy(type -> type, TreeMap::new, Collectors.counting()));
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(counts.entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey())
                .collect(Collectors.joining(", ")));
    }

    static boolean isEmulated(String type) {
        return EMULATED.contains(type) || ResourceNames.API_TYPES.contains(type)
                || ResourceNames.FUNCTION_TYPES.contains(type) || ResourceNames.TABLE_TYPES.contains(type)
                || ResourceNames.STAGE_TYPES.contains(type);
    }

    /** The local placeholder ARN of a deploy-only resource, when its type has one. */
    static Optional<String> arn(String type, String name, String region, String accountId) {
        return Optional.ofNullable(ARN_FORMATS.get(type)).map(format -> String.format(format, region, accountId, name));
    }
}
