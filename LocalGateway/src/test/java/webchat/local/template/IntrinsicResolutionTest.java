package webchat.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntrinsicResolutionTest {

    private static final String RESOURCES = """
            Parameters:
              StageName: {Type: String, Default: dev}
              Burst: {Type: Number, Default: 500}
              Subnets: {Type: CommaDelimitedList, Default: 'a,b,c'}
            Mappings:
              Sizes:
                dev: {Memory: 256}
            Conditions:
              IsDev: !Equals [!Ref StageName, dev]
            Resources:
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties: {ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}
              HttpApi:
                Type: AWS::ApiGatewayV2::Api
                Properties: {ProtocolType: HTTP}
              Stage:
                Type: AWS::ApiGatewayV2::Stage
                Properties: {ApiId: !Ref Api, StageName: !Ref StageName}
              Table:
                Type: AWS::DynamoDB::Table
              NamedTable:
                Type: AWS::DynamoDB::Table
                Properties: {TableName: !Sub '${AWS::StackName}-named'}
              Fn:
                Type: AWS::Serverless::Function
                Properties: {CodeUri: fn/, Handler: a.B::handleRequest, Runtime: java25, AutoPublishAlias: live}
              Integration:
                Type: AWS::ApiGatewayV2::Integration
                Properties: {ApiId: !Ref Api, IntegrationType: AWS_PROXY}
              Thing:
                Type: Custom::Thing
                Properties:
            """;

    @TempDir
    Path folder;

    private ResolvedTemplate resolveTemplate(String properties, Map<String, String> overrides) {
        return TemplateLoader.resolve(Templates.write(folder, RESOURCES + properties.indent(6)),
                Templates.options(overrides));
    }

    private Object resolved(String yamlValue) {
        return value(resolveTemplate("Value: " + yamlValue, Map.of()));
    }

    private static Object value(ResolvedTemplate template) {
        return template.resources().get("Thing").property("Value").orElse(null);
    }

    @Test
    void refOfAParameterIsItsDefaultAndNumbersAreInStringForm() {
        assertEquals("dev", resolved("!Ref StageName"));
        assertEquals("500", resolved("!Ref Burst"));
    }

    @Test
    void refOfAListParameterIsAList() {
        assertEquals(List.of("a", "b", "c"), resolved("!Ref Subnets"));
    }

    @Test
    void parameterOverridesReplaceDefaults() {
        var template = resolveTemplate("Value: !Ref StageName", Map.of("StageName", "prod"));

        assertEquals("prod", value(template));
    }

    @Test
    void pseudoParametersTakeTheOptionsValues() {
        assertEquals("webchat-local/us-east-1/123456789012/aws/amazonaws.com",
                resolved("!Sub '${AWS::StackName}/${AWS::Region}/${AWS::AccountId}/${AWS::Partition}/"
                        + "${AWS::URLSuffix}'"));
    }

    @Test
    void refOfResourcesGivesTheirLocalPhysicalIds() {
        assertEquals(Templates.API_ID, resolved("!Ref Api"));
        assertEquals("webchat-local-Table", resolved("!Ref Table"));
        assertEquals("webchat-local-named", resolved("!Ref NamedTable"));
        assertEquals("webchat-local-Fn", resolved("!Ref Fn"));
        assertEquals("dev", resolved("!Ref Stage"));
        assertEquals("Integration", resolved("!Ref Integration"));
    }

    @Test
    void onlyTheWebSocketApiGetsTheGivenApiId() {
        Object httpApiId = resolved("!Ref HttpApi");

        assertFalse(Templates.API_ID.equals(httpApiId));
        assertTrue(String.valueOf(httpApiId).matches("[a-z0-9]{10}"), String.valueOf(httpApiId));
    }

    @Test
    void refOfAFunctionAliasOrVersionIsItsQualifiedArn() {
        String aliasArn = "arn:aws:lambda:us-east-1:123456789012:function:webchat-local-Fn:live";
        assertEquals(aliasArn, resolved("!Ref Fn.Alias"));
        assertEquals(aliasArn, resolved("!Ref FnAliaslive"));
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:webchat-local-Fn:$LATEST",
                resolved("!Ref Fn.Version"));
    }

    @Test
    void getAttGivesArnsAndApiAttributes() {
        assertEquals("arn:aws:dynamodb:us-east-1:123456789012:table/webchat-local-Table",
                resolved("!GetAtt Table.Arn"));
        assertTrue(String.valueOf(resolved("!GetAtt Table.StreamArn"))
                .startsWith("arn:aws:dynamodb:us-east-1:123456789012:table/webchat-local-Table/stream/"));
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:webchat-local-Fn", resolved("!GetAtt Fn.Arn"));
        assertEquals("wss://" + Templates.API_ID + ".execute-api.us-east-1.amazonaws.com",
                resolved("!GetAtt Api.ApiEndpoint"));
        assertEquals(Templates.API_ID, resolved("!GetAtt [Api, ApiId]"));
    }

    @Test
    void subResolvesResourcesAttributesAliasesAndLiterals() {
        assertEquals("integrations/Integration", resolved("!Sub 'integrations/${Integration}'"));
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:webchat-local-Fn:live/invocations",
                resolved("!Sub '${Fn.Alias}/invocations'"));
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:webchat-local-Fn",
                resolved("!Sub '${Fn.Arn}'"));
        assertEquals("${NotAVariable} dev", resolved("!Sub '${!NotAVariable} ${StageName}'"));
    }

    @Test
    void subWithAVariableMapUsesTheMapBeforeTemplateNames() {
        assertEquals("wss://host/dev",
                resolved("!Sub ['wss://${StageName}/${Stage}', {StageName: host, Stage: !Ref Stage}]"));
    }

    @Test
    void joinSelectSplitBase64FindInMapAndGetAzsWork() {
        assertEquals("a-b-c", resolved("!Join ['-', !Ref Subnets]"));
        assertEquals("b", resolved("!Select [1, !Split [',', 'a,b,c']]"));
        assertEquals(List.of("x", "", "y"), resolved("!Split ['/', 'x//y']"));
        assertEquals(Base64.getEncoder().encodeToString("dev".getBytes()), resolved("!Base64 {Ref: StageName}"));
        assertEquals(256, resolved("!FindInMap [Sizes, !Ref StageName, Memory]"));
        assertEquals("us-east-1b", resolved("!Select [1, !GetAZs '']"));
    }

    @Test
    void ifChoosesTheBranchOfTheCondition() {
        assertEquals("small", resolved("!If [IsDev, small, large]"));
        assertEquals("large", value(resolveTemplate("Value: !If [IsDev, small, large]", Map.of("StageName", "prod"))));
    }

    @Test
    void conditionFunctionsCombine() {
        var template = TemplateLoader.resolve(Templates.write(folder, """
                Parameters:
                  A: {Type: String, Default: x}
                Conditions:
                  IsX: !Equals [!Ref A, x]
                  NotX: !Not [!Condition IsX]
                  Both: !And [!Condition IsX, !Equals [1, '1']]
                  Either: !Or [!Condition NotX, !Equals [a, b]]
                Resources:
                  Thing:
                    Type: Custom::Thing
                    Properties:
                      Values: [!If [IsX, 1, 0], !If [NotX, 1, 0], !If [Both, 1, 0], !If [Either, 1, 0]]
                """), Templates.options());

        assertEquals(List.of(1, 0, 1, 0), template.resources().get("Thing").property("Values").orElseThrow());
    }

    @Test
    void noValueRemovesTheKeyAndTheListElement() {
        var template = resolveTemplate("""
                Kept: 1
                Dropped: !If [IsDev, !Ref 'AWS::NoValue', 2]
                List: [a, !Ref 'AWS::NoValue', b]
                """, Map.of());

        var properties = template.resources().get("Thing").properties();
        assertEquals(Map.of("Kept", 1, "List", List.of("a", "b")), properties);
    }

    @Test
    void resourcesWhoseConditionIsFalseAreLeftOut() {
        var template = TemplateLoader.resolve(Templates.write(folder, """
                Conditions:
                  Never: !Equals [a, b]
                Resources:
                  Kept: {Type: Custom::Thing}
                  Skipped: {Type: Custom::Thing, Condition: Never}
                """), Templates.options());

        assertEquals(List.of("Kept"), List.copyOf(template.resources().keySet()));
    }

    @Test
    void unresolvableValuesBecomePlaceholdersWithAWarningNamingTheResource() {
        var template = resolveTemplate("""
                Imported: !ImportValue other-stack-output
                Unknown: !Ref Nowhere
                Attribute: !GetAtt Table.Nothing
                Future: !Length [a, b]
                """, Map.of());

        var properties = template.resources().get("Thing").properties();
        assertEquals("<unresolved Fn::ImportValue>", properties.get("Imported"));
        assertEquals("<unresolved Ref Nowhere>", properties.get("Unknown"));
        assertEquals("<unresolved Fn::GetAtt Table.Nothing>", properties.get("Attribute"));
        assertEquals("<unresolved Fn::Length>", properties.get("Future"));
        assertEquals(4, template.warnings().stream().filter(warning -> warning.startsWith("Resource Thing:")).count(),
                template.warnings().toString());
    }

    @Test
    void malformedAndUnsupportedIntrinsicsNeverThrow() {
        var template = TemplateLoader.resolve(Templates.write(folder, """
                Conditions:
                  Loop: !Condition Loop
                Resources:
                  Odd:
                    Type: Custom::Odd
                    Properties:
                      RefOfList: {Ref: [a]}
                      GetAttNumber: {Fn::GetAtt: 5}
                      SubOfMap: {Fn::Sub: {a: b}}
                      JoinOfText: !Join x
                      SelectTooFar: !Select [9, [a]]
                      IfMissing: !If [Missing, a, b]
                      IfLoop: !If [Loop, a, b]
                      Cidr: !Cidr [10.0.0.0/16, 2, 8]
                      Transform: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}
                  NoProperties:
                    Type: AWS::SNS::Topic
                """), Templates.options());

        var properties = template.resources().get("Odd").properties();
        assertEquals("b", properties.get("IfMissing"));
        assertEquals("b", properties.get("IfLoop"));
        assertTrue(properties.values().stream().filter(String.class::isInstance).map(String.class::cast)
                .filter(value -> value.startsWith("<unresolved")).count() >= 7, properties.toString());
        assertTrue(template.resources().get("NoProperties").properties().isEmpty());
        assertTrue(template.warnings().stream().anyMatch(warning -> warning.contains("Condition Loop")),
                template.warnings().toString());
    }
}
