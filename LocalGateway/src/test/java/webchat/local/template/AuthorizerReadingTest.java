package webchat.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A $connect route's AuthorizationType CUSTOM + AuthorizerId read into the authorizer the gateway runs. */
class AuthorizerReadingTest {

    private static final String API = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Name: guarded
                  ProtocolType: WEBSOCKET
                  RouteSelectionExpression: $request.body.action
              Stage:
                Type: AWS::ApiGatewayV2::Stage
                Properties:
                  ApiId: !Ref Api
                  StageName: prod
              ConnectRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties:
                  ApiId: !Ref Api
                  RouteKey: $connect
            %s
              AuthFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: auth/
                  Handler: auth.Handler::handleRequest
                  Runtime: java25
                  AutoPublishAlias: live
            """;

    /** The template with these lines (indented as Route properties) after the $connect route's RouteKey. */
    private static Application load(Path folder, String routeLinesAndResources) {
        return TemplateLoader.load(Templates.write(folder, API.formatted(routeLinesAndResources)),
                Templates.options());
    }

    private static String authorizer(String properties) {
        return """
                      AuthorizationType: CUSTOM
                      AuthorizerId: !Ref TokenAuthorizer
                  TokenAuthorizer:
                    Type: AWS::ApiGatewayV2::Authorizer
                    Properties:
                      ApiId: !Ref Api
                      Name: token
                """ + properties.indent(6);
    }

    @Test
    void aRequestAuthorizerOnConnectIsReadWithItsFunctionSourcesAndMethodArn(@TempDir Path folder) {
        var application = load(folder, authorizer("""
                AuthorizerType: REQUEST
                IdentitySource:
                  - route.request.querystring.token
                  - route.request.header.Auth
                AuthorizerUri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthFunction.Alias}/invocations
                """));

        var authorizer = application.api().routes().get("$connect").authorizer();
        assertEquals("TokenAuthorizer", authorizer.logicalId());
        assertEquals("token", authorizer.name());
        assertEquals("AuthFunction", authorizer.functionLogicalId());
        assertEquals(List.of("route.request.querystring.token", "route.request.header.Auth"),
                authorizer.identitySources());
        assertEquals("arn:aws:execute-api:" + application.region() + ":" + application.accountId() + ":"
                + Templates.API_ID + "/prod/$connect", authorizer.methodArn());
        assertTrue(application.warnings().stream().noneMatch(w -> w.contains("TokenAuthorizer")),
                application.warnings().toString());
    }

    @Test
    void aTtlIsWarnedAboutBecauseAwsRejectsItForWebSocketApis(@TempDir Path folder) {
        var application = load(folder, authorizer("""
                AuthorizerType: REQUEST
                AuthorizerResultTtlInSeconds: 300
                AuthorizerUri: !GetAtt AuthFunction.Arn
                """));

        assertEquals("AuthFunction", application.api().routes().get("$connect").authorizer().functionLogicalId());
        assertTrue(warned(application, "TokenAuthorizer", "AuthorizerResultTtlInSeconds"),
                application.warnings().toString());
    }

    @Test
    void anAuthorizerWithoutALocalFunctionRefusesEveryHandshake(@TempDir Path folder) {
        var application = load(folder, authorizer("""
                AuthorizerType: REQUEST
                AuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:elsewhere/invocations
                """));

        var authorizer = application.api().routes().get("$connect").authorizer();
        assertNull(authorizer.functionLogicalId());
        assertTrue(warned(application, "TokenAuthorizer", "refused with 500"), application.warnings().toString());
    }

    @Test
    void unsupportedIdentitySourcesAreWarnedAboutAndNotChecked(@TempDir Path folder) {
        var application = load(folder, authorizer("""
                AuthorizerType: REQUEST
                IdentitySource: [route.request.header.Auth, stageVariables.secret]
                AuthorizerUri: !GetAtt AuthFunction.Arn
                """));

        assertEquals(List.of("route.request.header.Auth"),
                application.api().routes().get("$connect").authorizer().identitySources());
        assertTrue(warned(application, "TokenAuthorizer", "stageVariables.secret"), application.warnings().toString());
    }

    @Test
    void iamAuthorizationIsWarnedAboutAndNotChecked(@TempDir Path folder) {
        var application = load(folder, "      AuthorizationType: AWS_IAM");

        assertNull(application.api().routes().get("$connect").authorizer());
        assertTrue(warned(application, "ConnectRoute", "AWS_IAM is not checked"), application.warnings().toString());
    }

    private static boolean warned(Application application, String resource, String text) {
        return application.warnings().stream().anyMatch(w -> w.startsWith("Resource " + resource + ":")
                && w.contains(text));
    }
}
