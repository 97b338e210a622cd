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
                "$default", Set.of(new Grant("execute-api:ManageConnections", manageConnectionsArn)));

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
}
