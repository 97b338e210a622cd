package webchat.local.template;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The project's template.yaml is wired as the design requires: routes reach existing handlers through AWS_PROXY
 * integrations on the {@code live} alias, each function may do exactly what its route needs, permissions are
 * scoped to this API, and the stage deploys itself.
 */
class TemplateWiringTest {

    private static final String ALIAS = "live";

    private static Application application;
    private static ResolvedTemplate template;
    private static String tableArn;
    private static String manageConnectionsArn;

    /** One permission: an IAM action on a resource ARN. */
    private record Grant(String action, String resource) {}

    @BeforeAll
    static void loadTheProjectTemplate() {
        var options = Templates.options();
        application = TemplateLoader.load(Templates.projectTemplate(), options);
        template = TemplateLoader.resolve(Templates.projectTemplate(), options);
        String region = application.region();
        String account = application.accountId();
        String table = application.tables().getFirst().tableName();
        tableArn = "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table;
        manageConnectionsArn = "arn:aws:execute-api:" + region + ":" + account + ":" + application.api().apiId() + "/"
                + application.api().stageName() + "/POST/@connections/*";
    }

    @Test
    void everyRouteReachesAnExistingHandlerThroughAnAwsProxyIntegration() {
        List<Executable> checks = new ArrayList<>();
        for (TemplateResource route : template.ofType("AWS::ApiGatewayV2::Route").toList()) {
            checks.add(() -> {
                String integrationId = route.text("Target").orElseThrow().replaceFirst("^integrations/", "");
                TemplateResource integration = template.resources().get(integrationId);
                assertNotNull(integration, route.logicalId() + " targets a missing integration " + integrationId);
                assertEquals("AWS_PROXY", integration.text("IntegrationType").orElse(null), integrationId);

                String routeKey = route.text("RouteKey").orElseThrow();
                LambdaFunction function = application.functions().get(
                        application.api().routes().get(routeKey).functionLogicalId());
                assertNotNull(function, "route " + routeKey + " has no function");
                assertTrue(Files.isRegularFile(function.codeUri().resolve("pom.xml")),
                        function.logicalId() + ": no Maven project at " + function.codeUri());
                Path source = handlerSource(function);
                assertTrue(Files.isRegularFile(source), function.logicalId() + ": handler class missing: " + source);
            });
        }
        assertEquals(4, checks.size());
        assertAll(checks);
    }

    @Test
    void integrationsInvokeTheLiveAliasOfTheirFunction() {
        assertAll(template.ofType("AWS::ApiGatewayV2::Integration").map(integration -> () -> {
            String uri = integration.text("IntegrationUri").orElseThrow();
            String function = functionTargetedBy(integration.declaredProperties().get("IntegrationUri"));
            assertEquals(apigatewayInvocationUri(aliasArn(function)), uri, integration.logicalId());
        }));
    }

    @Test
    void eachFunctionMayDoExactlyWhatItsRouteNeeds() {
        Map<String, Set<Grant>> expected = Map.of(
                "$connect", Set.of(new Grant("dynamodb:PutItem", tableArn)),
                "$disconnect", Set.of(new Grant("dynamodb:DeleteItem", tableArn)),
                "sendMessage", Set.of(new Grant("dynamodb:Scan", tableArn), new Grant("dynamodb:DeleteItem", tableArn),
                        new Grant("dynamodb:UpdateItem", tableArn), new Grant("dynamodb:GetItem", tableArn),
                        new Grant("execute-api:ManageConnections", manageConnectionsArn)),
                "$default", Set.of());

        assertAll(expected.entrySet().stream().map(entry -> () -> {
            String function = application.api().routes().get(entry.getKey()).functionLogicalId();
            assertEquals(entry.getValue(), grants(template.resources().get(function)), function);
        }));
    }

    @Test
    void noPolicyGrantsEveryResourceOrEveryAction() {
        assertAll(template.resources().values().stream()
                .filter(resource -> ResourceNames.FUNCTION_TYPES.contains(resource.type()))
                .map(function -> () -> grants(function).forEach(grant -> {
                    assertNotEquals("*", grant.resource(), function.logicalId() + " " + grant);
                    assertTrue(!grant.action().endsWith("*"), function.logicalId() + " " + grant);
                })));
    }

    @Test
    void permissionsLetOnlyThisApiAndStageInvokeTheLiveAlias() {
        String apiPrefix = "arn:aws:execute-api:" + application.region() + ":" + application.accountId() + ":"
                + application.api().apiId() + "/" + application.api().stageName() + "/";
        List<TemplateResource> permissions = template.ofType("AWS::Lambda::Permission").toList();

        assertEquals(application.api().routes().size(), permissions.size());
        assertAll(permissions.stream().map(permission -> () -> {
            String function = functionTargetedBy(permission.declaredProperties().get("FunctionName"));
            assertEquals(aliasArn(function), permission.text("FunctionName").orElse(null), permission.logicalId());
            assertEquals("apigateway.amazonaws.com", permission.text("Principal").orElse(null));
            String sourceArn = permission.text("SourceArn").orElse("");
            assertTrue(sourceArn.startsWith(apiPrefix), permission.logicalId() + ": " + sourceArn);
            String routeKey = sourceArn.substring(apiPrefix.length());
            assertEquals(function, application.api().routes().get(routeKey).functionLogicalId(),
                    permission.logicalId() + " allows route " + routeKey);
        }));
    }

    @Test
    void theStageDeploysItselfAndThereIsNoDeploymentResource() {
        List<TemplateResource> stages = template.ofType("AWS::ApiGatewayV2::Stage").toList();

        assertEquals(1, stages.size());
        assertEquals(Boolean.TRUE, stages.getFirst().property("AutoDeploy").orElse(null));
        assertEquals(0, template.ofType("AWS::ApiGatewayV2::Deployment").count());
    }

    @Test
    void eachFunctionLogsJsonToItsOwnGroupKeptForTheRetentionParameter() {
        Set<String> groups = new HashSet<>();
        for (LambdaFunction function : application.functions().values()) {
            TemplateResource resource = template.resources().get(function.logicalId());
            String group = single(resource.declaredProperties().get("LoggingConfig"), "AWS::Logs::LogGroup");
            TemplateResource logGroup = template.resources().get(group);
            assertEquals(Map.of("Ref", "LogRetentionInDays"), logGroup.declaredProperties().get("RetentionInDays"));
            assertEquals("JSON", function.logFormat(), function.logicalId() + ": Globals' LogFormat kept");
            assertTrue(groups.add(group), group + " is shared");
        }
        assertEquals(4, groups.size());
    }

    @Test
    void theTableAndTheLogGroupsAreDeletedWithTheStackAndOnReplacement() {
        Map<String, Object> resources = Values.map(TemplateReader.read(Templates.projectTemplate()).get("Resources"));
        List<String> stateful = resources.entrySet().stream()
                .filter(entry -> Set.of("AWS::DynamoDB::Table", "AWS::Logs::LogGroup")
                        .contains(Values.map(entry.getValue()).get("Type")))
                .map(Map.Entry::getKey).toList();

        assertEquals(6, stateful.size(), "the table, four function log groups, the access log group");
        assertAll(stateful.stream().map(id -> () -> {
            assertEquals("Delete", Values.map(resources.get(id)).get("DeletionPolicy"), id);
            assertEquals("Delete", Values.map(resources.get(id)).get("UpdateReplacePolicy"), id);
        }));
    }

    @Test
    void accessLogsAreOffByDefaultAndNeedNoAccountSetting() {
        TemplateResource stage = template.ofType("AWS::ApiGatewayV2::Stage").findFirst().orElseThrow();

        assertTrue(stage.property("AccessLogSettings").isEmpty());
        assertEquals(0, template.ofType("AWS::ApiGateway::Account").count());
        assertEquals(0, template.ofType("AWS::IAM::Role").count());
    }

    @Test
    void accessLogsWhenOnGoToTheirGroupWithTheConnectionRouteStatusErrorAndLatency() throws Exception {
        ResolvedTemplate on = withParameters(Map.of("AccessLogs", "On"));
        TemplateResource stage = on.ofType("AWS::ApiGatewayV2::Stage").findFirst().orElseThrow();

        assertEquals("arn:aws:logs:" + on.region() + ":" + on.accountId() + ":log-group:AccessLogGroup:*",
                stage.text("AccessLogSettings", "DestinationArn").orElseThrow());
        JsonNode format = new ObjectMapper().readTree(stage.text("AccessLogSettings", "Format").orElseThrow());
        assertAll(Map.of("connectionId", "$context.connectionId", "routeKey", "$context.routeKey",
                "status", "$context.status", "integrationError", "$context.integration.error",
                "integrationLatency", "$context.integrationLatency", "requestId", "$context.requestId")
                .entrySet().stream().map(field -> () -> assertEquals(field.getValue(),
                        format.path(field.getKey()).asText(), field.getKey())));
        assertEquals(0, on.ofType("AWS::ApiGateway::Account").count(), "On assumes the account role is set");
    }

    @Test
    void accessLogsCanSetTheAccountRoleTheStageThenWaitsFor() {
        ResolvedTemplate withRole = withParameters(Map.of("AccessLogs", "OnAndSetAccountRole"));
        assertEquals(List.of(), withRole.warnings(), "the local gateway accepts the role and the account setting");
        TemplateResource account = withRole.ofType("AWS::ApiGateway::Account").findFirst().orElseThrow();
        TemplateResource role = withRole.resources().get(
                single(withRole, account.declaredProperties().get("CloudWatchRoleArn"), "AWS::IAM::Role"));
        TemplateResource stage = withRole.ofType("AWS::ApiGatewayV2::Stage").findFirst().orElseThrow();

        assertTrue(String.valueOf(role.property("ManagedPolicyArns").orElseThrow())
                .contains("service-role/AmazonAPIGatewayPushToCloudWatchLogs"));
        assertTrue(String.valueOf(role.property("AssumeRolePolicyDocument").orElseThrow())
                .contains("apigateway.amazonaws.com"));
        assertTrue(References.in(stage.declaredProperties()).contains(account.logicalId()),
                "the stage must wait for the account setting");
    }

    @Test
    void everyFunctionHasAnErrorsAndAThrottlesAlarm() {
        Set<String> watched = new HashSet<>();
        template.ofType("AWS::CloudWatch::Alarm")
                .filter(alarm -> alarm.text("Namespace").filter("AWS/Lambda"::equals).isPresent())
                .forEach(alarm -> watched.add(alarm.text("MetricName").orElseThrow() + " "
                        + single(alarm.declaredProperties().get("Dimensions"), "AWS::Serverless::Function")));

        Set<String> expected = new HashSet<>();
        application.functions().keySet().forEach(id -> expected.addAll(List.of("Errors " + id, "Throttles " + id)));
        assertEquals(expected, watched);
    }

    @Test
    void failedDeliveriesAreAlarmedOnTheBroadcastMetricOfThisApi() {
        TemplateResource alarm = alarmOn(template, "Failed");

        assertEquals("WebChat", alarm.text("Namespace").orElseThrow());
        assertEquals(List.of(Map.of("Name", "ApiId", "Value", application.api().apiId())),
                alarm.property("Dimensions").orElseThrow());
        assertEquals("Sum", alarm.text("Statistic").orElseThrow());
    }

    @Test
    void integrationAndExecutionErrorsOfThisStageAreAlarmedTogether() {
        TemplateResource alarm = template.resources().get("IntegrationErrorsAlarm");
        List<Map<String, Object>> metrics = Values.list(alarm.property("Metrics").orElseThrow()).stream()
                .map(Values::map).filter(metric -> metric.containsKey("MetricStat")).toList();

        assertEquals(Set.of("IntegrationError", "ExecutionError"), metrics.stream()
                .map(metric -> Values.string(metric, "MetricStat", "Metric", "MetricName").orElseThrow())
                .collect(java.util.stream.Collectors.toSet()));
        assertAll(metrics.stream().map(metric -> () -> {
            assertEquals("AWS/ApiGateway", Values.string(metric, "MetricStat", "Metric", "Namespace").orElseThrow());
            assertEquals(List.of(Map.of("Name", "ApiId", "Value", application.api().apiId()),
                    Map.of("Name", "Stage", "Value", application.api().stageName())),
                    Values.at(metric, "MetricStat", "Metric", "Dimensions").orElseThrow());
        }));
    }

    @Test
    void alarmsNotifyTheEmailTopicOnlyWhenAnAddressIsGiven() {
        assertEquals(0, template.ofType("AWS::SNS::Topic").count());
        assertTrue(template.ofType("AWS::CloudWatch::Alarm").allMatch(a -> a.property("AlarmActions").isEmpty()));

        ResolvedTemplate withEmail = withParameters(Map.of("AlarmEmail", "ops@example.com"));
        assertEquals(List.of(), withEmail.warnings(), "the local gateway accepts the topic");
        TemplateResource topic = withEmail.ofType("AWS::SNS::Topic").findFirst().orElseThrow();
        assertEquals(List.of(Map.of("Protocol", "email", "Endpoint", "ops@example.com")),
                topic.property("Subscription").orElseThrow());
        List<TemplateResource> alarms = withEmail.ofType("AWS::CloudWatch::Alarm").toList();
        assertEquals(10, alarms.size());
        assertAll(alarms.stream().map(alarm -> () -> {
            assertEquals(List.of(topic.logicalId()), alarm.property("AlarmActions").orElseThrow(), alarm.logicalId());
            assertEquals(List.of(topic.logicalId()), alarm.property("OKActions").orElseThrow(), alarm.logicalId());
        }));
    }

    @Test
    void theDashboardShowsEveryAlarmAndTheFiguresTheyWatch() throws Exception {
        TemplateResource dashboard = template.ofType("AWS::CloudWatch::Dashboard").findFirst().orElseThrow();
        JsonNode body = new ObjectMapper().readTree(dashboard.text("DashboardBody").orElseThrow());
        String widgets = body.path("widgets").toString();

        Set<String> alarmIds = template.ofType("AWS::CloudWatch::Alarm").map(TemplateResource::logicalId)
                .collect(java.util.stream.Collectors.toSet());
        assertEquals(alarmIds, References.in(dashboard.declaredProperties()).stream()
                .filter(alarmIds::contains).collect(java.util.stream.Collectors.toSet()));
        String api = application.api().apiId();
        assertAll(List.of("[\"WebChat\",\"Recipients\",\"ApiId\",\"" + api + "\"]", "\"Failed\"",
                "\"BroadcastDuration\"", "\"Connects\"", "\"RejectedMessages\"",
                "[\"AWS/ApiGateway\",\"ConnectCount\",\"ApiId\",\"" + api + "\",\"Stage\",\""
                        + application.api().stageName() + "\"]", "\"IntegrationError\"",
                "[\"AWS/Lambda\",\"Errors\",\"FunctionName\",\""
                        + application.functions().get("ConnectFunction").functionName() + "\"]", "\"Throttles\"")
                .stream().map(figure -> () -> assertTrue(widgets.contains(figure), figure)));
    }

    @Test
    void savedQueriesReadTheFunctionsLogGroups() {
        Map<String, TemplateResource> queries = template.ofType("AWS::Logs::QueryDefinition")
                .collect(java.util.stream.Collectors.toMap(q -> q.text("Name").orElseThrow(), q -> q));
        String prefix = application.stackName() + "/";

        assertEquals(Set.of(prefix + "connection-story", prefix + "failed-deliveries", prefix + "slow-broadcasts"),
                queries.keySet());
        assertEquals(5, References.in(queries.get(prefix + "connection-story").declaredProperties()
                .get("LogGroupNames")).size(), "four function log groups and the access log group");
        assertTrue(queries.get(prefix + "connection-story").text("QueryString").orElseThrow()
                .contains("connectionId"));
        assertTrue(queries.get(prefix + "failed-deliveries").text("QueryString").orElseThrow()
                .contains("Failed > 0"));
        assertTrue(queries.get(prefix + "slow-broadcasts").text("QueryString").orElseThrow()
                .contains("sort BroadcastDuration desc"));
    }

    @Test
    void theLocalGatewayNamesTheConsoleResourcesItDoesNotEmulate() {
        assertEquals("10 AWS::CloudWatch::Alarm, 1 AWS::CloudWatch::Dashboard, 5 AWS::Logs::LogGroup, "
                + "3 AWS::Logs::QueryDefinition", DeployOnlyResources.describe(template).orElseThrow());
        assertEquals("1 AWS::ApiGateway::Account, 10 AWS::CloudWatch::Alarm, 1 AWS::CloudWatch::Dashboard, "
                + "1 AWS::IAM::Role, 5 AWS::Logs::LogGroup, 3 AWS::Logs::QueryDefinition, 1 AWS::SNS::Topic",
                DeployOnlyResources.describe(withParameters(Map.of("AccessLogs", "OnAndSetAccountRole",
                        "AlarmEmail", "ops@example.com"))).orElseThrow());
    }

    @Test
    void samconfigKeepsLogsAWeekInDevAndNinetyDaysInProd() throws Exception {
        String samconfig = Files.readString(Templates.projectTemplate().resolveSibling("samconfig.toml"));
        java.util.regex.Matcher retention = java.util.regex.Pattern
                .compile("LogRetentionInDays=\\\\\"(\\d+)\\\\\"").matcher(samconfig);

        List<String> values = new ArrayList<>();
        while (retention.find()) {
            values.add(retention.group(1));
        }
        assertEquals(List.of("7", "90"), values, "[default] then [prod]");
    }

    private static Path handlerSource(LambdaFunction function) {
        String className = function.handler().split("::")[0];
        return function.codeUri().resolve("src/main/java").resolve(className.replace('.', '/') + ".java");
    }

    /** The single function a declared value refers to (Ref Fn.Alias, ${Fn.Alias}...). */
    private static String functionTargetedBy(Object declared) {
        List<String> functions = References.in(declared).stream()
                .filter(application.functions()::containsKey)
                .toList();
        assertEquals(1, functions.size(), "expected one function in " + declared);
        return functions.getFirst();
    }

    private static String aliasArn(String functionLogicalId) {
        return "arn:aws:lambda:" + application.region() + ":" + application.accountId() + ":function:"
                + application.functions().get(functionLogicalId).functionName() + ":" + ALIAS;
    }

    private static String apigatewayInvocationUri(String functionArn) {
        return "arn:aws:apigateway:" + application.region() + ":lambda:path/2015-03-31/functions/" + functionArn
                + "/invocations";
    }

    /** Every (action, resource) pair the function's SAM Policies allow; anything but inline statements fails. */
    private static Set<Grant> grants(TemplateResource function) {
        var grants = new HashSet<Grant>();
        for (Object policy : Values.list(function.property("Policies").orElse(List.of()))) {
            List<?> statements = Values.list(Values.map(policy).get("Statement"));
            assertTrue(!statements.isEmpty(), function.logicalId() + ": not an inline policy statement: " + policy);
            for (Object statementValue : statements) {
                Map<String, Object> statement = Values.map(statementValue);
                assertEquals("Allow", statement.get("Effect"), function.logicalId());
                for (String action : strings(statement.get("Action"))) {
                    strings(statement.get("Resource")).forEach(resource -> grants.add(new Grant(action, resource)));
                }
            }
        }
        return grants;
    }

    private static List<String> strings(Object value) {
        Function<Object, String> text = IntrinsicResolver::text;
        return value instanceof List<?> list ? list.stream().map(text).toList() : List.of(text.apply(value));
    }

    private static ResolvedTemplate withParameters(Map<String, String> overrides) {
        return TemplateLoader.resolve(Templates.projectTemplate(), Templates.options(overrides));
    }

    private static TemplateResource alarmOn(ResolvedTemplate resolved, String metricName) {
        List<TemplateResource> alarms = resolved.ofType("AWS::CloudWatch::Alarm")
                .filter(alarm -> alarm.text("MetricName").filter(metricName::equals).isPresent()).toList();
        assertEquals(1, alarms.size(), "alarms on " + metricName);
        return alarms.getFirst();
    }

    /** The one resource of the given type that a declared value refers to. */
    private static String single(Object declared, String type) {
        return single(template, declared, type);
    }

    private static String single(ResolvedTemplate in, Object declared, String type) {
        List<String> found = References.in(declared).stream()
                .filter(id -> in.resources().containsKey(id) && in.resources().get(id).is(type))
                .toList();
        assertEquals(1, found.size(), "expected one " + type + " in " + declared);
        return found.getFirst();
    }
}
