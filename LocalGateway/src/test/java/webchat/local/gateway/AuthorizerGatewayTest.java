package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webchat.local.gateway.Fixtures.CONNECT;
import static webchat.local.gateway.Fixtures.DISCONNECT;
import static webchat.local.gateway.Fixtures.SEND_MESSAGE;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import webchat.local.lambda.Invocation;
import webchat.local.template.Authorizer;
import webchat.local.template.Route;
import webchat.local.template.WebSocketApi;
import webchat.local.testing.RawHandshake;

/** A $connect route guarded by a Lambda REQUEST authorizer, with the authorizer played by the recording invoker. */
class AuthorizerGatewayTest {

    private static final String AUTHORIZER = "AuthorizerFunction";
    private static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/$connect";
    private final RecordingInvoker functions = new RecordingInvoker();
    private GatewayServer gateway;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private URI start(List<String> identitySources) throws Exception {
        var chat = Fixtures.chatApi();
        var routes = new LinkedHashMap<>(chat.routes());
        routes.put("$connect", new Route("$connect", CONNECT, false,
                new Authorizer("TokenAuthorizer", "token", AUTHORIZER, identitySources, METHOD_ARN)));
        var api = new WebSocketApi(chat.logicalId(), chat.apiId(), chat.name(), chat.routeSelectionExpression(),
                chat.stageName(), routes);
        gateway = new GatewayServer(api, functions, Fixtures.quietConfig()).start();
        return gateway.webSocketUrl();
    }

    private void authorizerAnswers(String effect) {
        functions.answer(AUTHORIZER, event -> RecordingInvoker.success("""
                {"principalId":"user-ann","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":
                "execute-api:Invoke","Effect":"%s","Resource":"%s"}]},"context":{"name":"Ann","level":7,"admin":true}}
                """.formatted(effect, event.path("methodArn").textValue())));
    }

    private static RawHandshake open(URI url, String query, String... extraHeaders) throws Exception {
        var headers = new ArrayList<>(RawHandshake.bareHeaders(url));
        headers.addAll(List.of(extraHeaders));
        return RawHandshake.open(URI.create(url + query), headers);
    }

    @Test
    void anAllowedConnectionCarriesPrincipalAndStringifiedContextOnEveryEvent() throws Exception {
        var url = start(List.of("route.request.querystring.token"));
        authorizerAnswers("Allow");

        try (var client = open(url, "?token=good")) {
            assertEquals(101, client.status());
            var request = functions.take(AUTHORIZER).event();
            var connect = functions.take(CONNECT);
            client.sendText("{\"action\":\"sendMessage\",\"data\":\"hi\"}");
            var message = functions.take(SEND_MESSAGE);
            client.sendClose(1000, "done");
            var disconnect = functions.take(DISCONNECT);

            assertEquals("REQUEST", request.path("type").textValue());
            assertEquals(METHOD_ARN, request.path("methodArn").textValue());
            assertEquals("Upgrade", request.path("headers").path("Connection").textValue());
            assertEquals("websocket", request.path("headers").path("Upgrade").textValue());
            assertEquals("0", request.path("headers").path("content-length").textValue());
            assertTrue(request.path("stageVariables").isObject());
            assertEquals("good", request.path("queryStringParameters").path("token").textValue());
            assertEquals(connect.connectionId(), request.path("requestContext").path("connectionId").textValue());
            assertEquals(request.path("headers").path("X-Amzn-Trace-Id"), connect.event().path("headers")
                    .path("X-Amzn-Trace-Id"), "one trace id for the whole handshake");
            var authorizer = connect.context().path("authorizer");
            assertEquals("user-ann", authorizer.path("principalId").textValue());
            assertEquals("Ann", authorizer.path("name").textValue());
            assertEquals("7", authorizer.path("level").textValue());
            assertEquals("true", authorizer.path("admin").textValue());
            assertTrue(authorizer.path("integrationLatency").isIntegralNumber());
            for (var later : List.of(message, disconnect)) {
                assertEquals("user-ann", later.context().path("authorizer").path("principalId").textValue());
                assertEquals("7", later.context().path("authorizer").path("level").textValue());
                assertFalse(later.context().path("authorizer").has("integrationLatency"));
            }
        }
    }

    @Test
    void aMissingIdentitySourceIs401WithoutCallingTheAuthorizer() throws Exception {
        var url = start(List.of("route.request.querystring.token", "route.request.header.Auth"));
        authorizerAnswers("Allow");

        try (var noToken = open(url, "", "Auth: x"); var emptyToken = open(url, "?token=", "Auth: x");
             var noHeader = open(url, "?token=good")) {
            assertEquals(401, noToken.status());
            assertEquals(401, emptyToken.status());
            assertEquals(401, noHeader.status());
        }
        assertNull(functions.poll(AUTHORIZER, 200));
        assertNull(functions.poll(CONNECT, 50));
        try (var both = open(url, "?token=good", "auth: x")) {
            assertEquals(101, both.status(), "header identity sources match names case-insensitively");
        }
    }

    @Test
    void aDenyIs403AndConnectNeverRuns() throws Exception {
        var url = start(List.of("route.request.querystring.token"));
        authorizerAnswers("Deny");

        try (var client = open(url, "?token=bad")) {
            assertEquals(403, client.status());
        }
        functions.take(AUTHORIZER);
        assertNull(functions.poll(CONNECT, 200));
        assertTrue(gateway.connectionIds().isEmpty());
    }

    @Test
    void aPolicyForAnotherResourceIs403() throws Exception {
        var url = start(List.of());
        functions.answer(AUTHORIZER, event -> RecordingInvoker.success("""
                {"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":{"Action":"execute-api:*",
                "Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:123456789012:other/dev/$connect"}}}"""));

        try (var client = open(url, "")) {
            assertEquals(403, client.status());
        }
    }

    @Test
    void aWildcardAllowLetsTheConnectionIn() throws Exception {
        var url = start(List.of());
        functions.answer(AUTHORIZER, event -> RecordingInvoker.success("""
                {"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:*",
                "Effect":"Allow","Resource":["arn:aws:execute-api:*:*:a1b2c3d4e5/*"]}]}}"""));

        try (var client = open(url, "")) {
            assertEquals(101, client.status());
        }
        assertFalse(functions.take(CONNECT).context().path("authorizer").has("name"));
    }

    @Test
    void anAuthorizerThatThrowsIs500AndOneThatThrowsUnauthorizedIs401() throws Exception {
        var url = start(List.of());
        functions.answer(AUTHORIZER, event -> RecordingInvoker.failure(Invocation.Outcome.FUNCTION_ERROR));
        try (var client = open(url, "")) {
            assertEquals(500, client.status());
        }
        functions.answer(AUTHORIZER, event -> new Invocation("id", Invocation.Outcome.FUNCTION_ERROR,
                "{\"errorMessage\":\"Unauthorized\",\"errorType\":\"java.lang.RuntimeException\"}"));
        try (var client = open(url, "")) {
            assertEquals(401, client.status());
        }
        assertNull(functions.poll(CONNECT, 200));
    }

    @Test
    void anInvalidAuthorizerAnswerIs500() throws Exception {
        var url = start(List.of());
        for (var answer : List.of("{\"policyDocument\":{\"Statement\":[]}}", "{\"principalId\":\"p\"}",
                "{\"principalId\":\"p\",\"policyDocument\":{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                        + "\"Resource\":\"*\"}]},\"context\":{\"nested\":{\"a\":1}}}", "not json")) {
            functions.answer(AUTHORIZER, event -> RecordingInvoker.success(answer));
            try (var client = open(url, "")) {
                assertEquals(500, client.status(), answer);
            }
        }
        assertNull(functions.poll(CONNECT, 200));
    }

    @Test
    void everyHandshakeCallsTheAuthorizerAgainAsAwsDoesNotCacheWebSocketAuthorizers() throws Exception {
        var url = start(List.of("route.request.querystring.token"));
        authorizerAnswers("Allow");

        for (int i = 0; i < 2; i++) {
            try (var client = open(url, "?token=good")) {
                assertEquals(101, client.status());
            }
        }
        functions.take(AUTHORIZER);
        functions.take(AUTHORIZER);
    }
}
