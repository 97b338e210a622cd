package webchat.local.template;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What {@code Ref} and {@code Fn::GetAtt} return for a template resource when it runs locally: the API id, the
 * table's and function's names, their ARNs, the alias ARN of an {@code AutoPublishAlias}, the stage name, and the
 * logical id for anything else.
 */
final class ResourceNames {

    static final Set<String> API_TYPES = Set.of("AWS::ApiGatewayV2::Api", "AWS::Serverless::WebSocketApi",
            "AWS::Serverless::HttpApi", "AWS::Serverless::Api", "AWS::ApiGateway::RestApi");
    static final Set<String> FUNCTION_TYPES = Set.of("AWS::Serverless::Function", "AWS::Lambda::Function");
    static final Set<String> TABLE_TYPES = Set.of("AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable");
    static final Set<String> STAGE_TYPES = Set.of("AWS::ApiGatewayV2::Stage", "AWS::ApiGateway::Stage");

    private final Map<String, Map<String, Object>> resources;
    private final String stackName;
    private final String region;
    private final String accountId;
    private final String webSocketApiId;
    /** Resolves a property value to text; used for names set by the template (TableName: !Sub ...). */
    private final BiFunction<Object, String, String> resolveText;
    private final Set<String> naming = new HashSet<>();
    private Map<String, String> apiIds;

    ResourceNames(Map<String, Map<String, Object>> resources, String stackName, String region, String accountId,
                  String webSocketApiId, BiFunction<Object, String, String> resolveText) {
        this.resources = resources;
        this.stackName = stackName;
        this.region = region;
        this.accountId = accountId;
        this.webSocketApiId = webSocketApiId;
        this.resolveText = resolveText;
    }

    /** {@code Ref: name}; name may also be {@code Function.Alias}, {@code Function.Version}, {@code Api.Stage}. */
    Optional<Object> ref(String name) {
        int dot = name.indexOf('.');
        if (dot > 0) {
            return derived(name.substring(0, dot), name.substring(dot + 1));
        }
        if (resources.containsKey(name)) {
            return physicalId(name);
        }
        return generatedAlias(name).or(() -> generatedByWebSocketApi(name));
    }

    Optional<String> getAtt(String logicalId, String attribute) {
        Optional<Object> derived = derived(logicalId, attribute);
        if (derived.isPresent() || !resources.containsKey(logicalId)) {
            return derived.map(String::valueOf);
        }
        String type = type(logicalId);
        Optional<String> name = physicalId(logicalId).map(String::valueOf);
        if (FUNCTION_TYPES.contains(type) && attribute.equals("Arn")) {
            return name.map(this::functionArn);
        }
        if (TABLE_TYPES.contains(type) && attribute.equals("Arn")) {
            return name.map(table -> arn("dynamodb", "table/" + table));
        }
        if (TABLE_TYPES.contains(type) && attribute.equals("StreamArn")) {
            return name.map(table -> arn("dynamodb", "table/" + table + "/stream/1970-01-01T00:00:00.000"));
        }
        Optional<String> deployOnlyArn = attribute.equals("Arn")
                ? name.flatMap(resource -> DeployOnlyResources.arn(type, resource, region, accountId))
                : Optional.empty();
        if (deployOnlyArn.isPresent()) {
            return deployOnlyArn;
        }
        if (API_TYPES.contains(type) && attribute.equals("ApiId")) {
            return name;
        }
        if (API_TYPES.contains(type) && attribute.equals("ApiEndpoint")) {
            String scheme = isWebSocketApi(logicalId) ? "wss" : "https";
            return name.map(id -> scheme + "://" + id + ".execute-api." + region + ".amazonaws.com");
        }
        return Optional.empty();
    }

    String type(String logicalId) {
        return String.valueOf(resources.getOrDefault(logicalId, Map.of()).get("Type"));
    }

    /** The alias name of a SAM function's AutoPublishAlias, if it has one. */
    Optional<String> autoPublishAlias(String functionLogicalId) {
        if (!type(functionLogicalId).equals("AWS::Serverless::Function")) {
            return Optional.empty();
        }
        return Values.at(properties(functionLogicalId), "AutoPublishAlias")
                .map(alias -> resolveText.apply(alias, "Resource " + functionLogicalId));
    }

    boolean isWebSocketApi(String logicalId) {
        String type = type(logicalId);
        if (type.equals("AWS::Serverless::WebSocketApi")) {
            return true;
        }
        return type.equals("AWS::ApiGatewayV2::Api")
                && Values.at(properties(logicalId), "ProtocolType")
                        .map(protocol -> resolveText.apply(protocol, "Resource " + logicalId))
                        .filter("WEBSOCKET"::equals)
                        .isPresent();
    }

    private Optional<Object> derived(String logicalId, String suffix) {
        String type = type(logicalId);
        if (FUNCTION_TYPES.contains(type) && (suffix.equals("Alias") || suffix.equals("Version"))) {
            Optional<String> alias = autoPublishAlias(logicalId);
            if (alias.isEmpty()) {
                return Optional.empty();
            }
            String qualifier = suffix.equals("Alias") ? alias.get() : "$LATEST";
            return physicalId(logicalId).map(name -> functionArn(String.valueOf(name)) + ":" + qualifier);
        }
        if (API_TYPES.contains(type) && type.startsWith("AWS::Serverless::") && suffix.equals("Stage")) {
            return Optional.of(serverlessStageName(logicalId));
        }
        return Optional.empty();
    }

    /** SAM's generated alias resource, {@code {Function}Alias{alias}}. */
    private Optional<Object> generatedAlias(String name) {
        for (String logicalId : resources.keySet()) {
            if (name.startsWith(logicalId + "Alias")) {
                Optional<String> alias = autoPublishAlias(logicalId);
                if (alias.isPresent() && name.equals(logicalId + "Alias" + alias.get())) {
                    return derived(logicalId, "Alias");
                }
            }
        }
        return Optional.empty();
    }

    /** A Route, Integration, Permission or Stage that SAM generates for an AWS::Serverless::WebSocketApi. */
    private Optional<Object> generatedByWebSocketApi(String name) {
        boolean generated = resources.keySet().stream()
                .filter(logicalId -> type(logicalId).equals("AWS::Serverless::WebSocketApi"))
                .anyMatch(api -> name.startsWith(api) && name.length() > api.length()
                        && name.matches(".*(Route|Integration|Permission|Stage)"));
        return generated ? Optional.of(name) : Optional.empty();
    }

    private Optional<Object> physicalId(String logicalId) {
        String type = type(logicalId);
        if (API_TYPES.contains(type)) {
            return Optional.ofNullable(apiIds().get(logicalId));
        }
        if (FUNCTION_TYPES.contains(type)) {
            return Optional.ofNullable(namedOrDefault(logicalId, "FunctionName"));
        }
        if (TABLE_TYPES.contains(type)) {
            return Optional.ofNullable(namedOrDefault(logicalId, "TableName"));
        }
        if (STAGE_TYPES.contains(type)) {
            return Values.at(properties(logicalId), "StageName")
                    .map(stage -> resolveText.apply(stage, "Resource " + logicalId));
        }
        return Optional.of(logicalId);
    }

    String serverlessStageName(String apiLogicalId) {
        String fallback = type(apiLogicalId).equals("AWS::Serverless::HttpApi") ? "$default" : "default";
        return Values.at(properties(apiLogicalId), "StageName")
                .map(stage -> resolveText.apply(stage, "Resource " + apiLogicalId))
                .orElse(fallback);
    }

    /** The name property when the template sets one, else {@code {stackName}-{logicalId}}; null in a naming cycle. */
    private String namedOrDefault(String logicalId, String property) {
        Optional<Object> declared = Values.at(properties(logicalId), property);
        if (declared.isEmpty()) {
            return stackName + "-" + logicalId;
        }
        if (!naming.add(logicalId)) {
            return null;
        }
        try {
            return resolveText.apply(declared.get(), "Resource " + logicalId);
        } finally {
            naming.remove(logicalId);
        }
    }

    private Map<String, String> apiIds() {
        if (apiIds == null) {
            apiIds = new LinkedHashMap<>();
            boolean webSocketIdTaken = false;
            for (String logicalId : resources.keySet()) {
                if (API_TYPES.contains(type(logicalId))) {
                    boolean first = !webSocketIdTaken && isWebSocketApi(logicalId);
                    webSocketIdTaken |= first;
                    apiIds.put(logicalId, first ? webSocketApiId : TemplateOptions.randomApiId());
                }
            }
        }
        return apiIds;
    }

    private Map<String, Object> properties(String logicalId) {
        return Values.map(resources.getOrDefault(logicalId, Map.of()).get("Properties"));
    }

    private String functionArn(String functionName) {
        return arn("lambda", "function:" + functionName);
    }

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
