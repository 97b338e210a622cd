package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsTest {

    private static final Instant CONNECTED = Instant.parse("2025-03-04T05:06:07.123Z");
    private static final Instant NOW = Instant.parse("2025-03-04T05:07:08.456Z");
    private static final ConnectionInfo CONNECTION =
            new ConnectionInfo("Abc-def_GhiJkl=", CONNECTED, "127.0.0.1", "wscat/6");
    private static final Events EVENTS = new Events("a1b2c3d4e5", "dev", "127.0.0.1:4443");

    @Test
    void connectEventCarriesHeadersQueryAndTheFullRequestContext() {
        var event = EVENTS.connect(CONNECTION, new Events.Request("req=", "ext=", null, CONNECTED),
                Map.of("Host", List.of("127.0.0.1:8080"), "Accept", List.of("a", "b")),
                Map.of("name", List.of("ann")));

        assertEquals("b", event.path("headers").path("Accept").asText());
        assertEquals(2, event.path("multiValueHeaders").path("Accept").size());
        assertEquals("ann", event.path("queryStringParameters").path("name").asText());
        assertEquals("ann", event.path("multiValueQueryStringParameters").path("name").get(0).asText());
        var context = event.path("requestContext");
        assertCommonContext(context, "$connect", "CONNECT", CONNECTED);
        assertEquals("wscat/6", context.path("identity").path("userAgent").asText());
        assertTrue(event.path("isBase64Encoded").isBoolean());
        assertFalse(event.path("isBase64Encoded").booleanValue());
    }

    @Test
    void connectEventWithoutQueryStringHasNoQueryParameters() {
        var event = EVENTS.connect(CONNECTION, new Events.Request("req=", "ext=", null, CONNECTED), Map.of(),
                Map.of());

        assertFalse(event.has("queryStringParameters"));
    }

    @Test
    void messageEventHasTheRawBodyAMessageIdAndNoHeaders() {
        var event = EVENTS.message(CONNECTION, new Events.Request("req=", "ext=", "msg=", NOW), "sendMessage",
                "{\"action\":\"sendMessage\"}");

        assertFalse(event.has("headers"));
        assertEquals("{\"action\":\"sendMessage\"}", event.path("body").textValue());
        var context = event.path("requestContext");
        assertCommonContext(context, "sendMessage", "MESSAGE", NOW);
        assertEquals("msg=", context.path("messageId").textValue());
        assertFalse(event.path("isBase64Encoded").booleanValue());
    }

    @Test
    void disconnectEventHasOnlyTheFixedHeadersAndTheCloseStatus() {
        var event = EVENTS.disconnect(CONNECTION, new Events.Request("req=", "ext=", null, NOW), 1005,
                "Client-side close frame status not set");

        var headerNames = List.copyOf(iterable(event.path("headers").fieldNames()));
        assertEquals(List.of("Host", "x-api-key", "X-Forwarded-For", "x-restapi"), headerNames);
        assertEquals("127.0.0.1:4443", event.path("headers").path("Host").asText());
        var context = event.path("requestContext");
        assertCommonContext(context, "$disconnect", "DISCONNECT", NOW);
        assertTrue(context.path("disconnectStatusCode").isInt());
        assertEquals(1005, context.path("disconnectStatusCode").intValue());
        assertEquals("Client-side close frame status not set", context.path("disconnectReason").textValue());
    }

    @Test
    void everyEventCarriesTheUserAgentWhenTheClientSentOneAndNoKeyWhenNot() {
        var request = new Events.Request("req=", "msg=", NOW);
        var anonymous = new ConnectionInfo("Abc-def_GhiJkl=", CONNECTED, "127.0.0.1", null);

        for (var connection : List.of(CONNECTION, anonymous)) {
            var events = List.of(EVENTS.connect(connection, request, Map.of(), Map.of()),
                    EVENTS.message(connection, request, "$default", "x"),
                    EVENTS.disconnect(connection, request, 1001, ""));
            for (var event : events) {
                var identity = event.path("requestContext").path("identity");
                assertEquals(connection.userAgent() != null, identity.has("userAgent"), event.toString());
                assertEquals(connection.userAgent(), identity.path("userAgent").textValue());
            }
        }
    }

    @Test
    void oneRequestIdServesAsRequestIdAndExtendedRequestId() {
        var event = EVENTS.message(CONNECTION, new Events.Request("one=", "msg=", NOW), "$default", "x");

        assertEquals("one=", event.path("requestContext").path("requestId").textValue());
        assertEquals("one=", event.path("requestContext").path("extendedRequestId").textValue());
    }

    @Test
    void anAuthorizedConnectionCarriesItsAuthorizerOnEveryEventAndTheLatencyOnConnect() {
        var authorized = new ConnectionInfo("Abc-def_GhiJkl=", CONNECTED, "127.0.0.1", null,
                Map.of("principalId", "user-ann", "level", "7"));
        var request = new Events.Request("req=", "msg=", NOW);

        var connect = EVENTS.connect(authorized, request, Map.of(), Map.of(), 12L);
        var message = EVENTS.message(authorized, request, "$default", "x");

        assertEquals("user-ann", connect.path("requestContext").path("authorizer").path("principalId").textValue());
        assertEquals(12, connect.path("requestContext").path("authorizer").path("integrationLatency").intValue());
        assertEquals("7", message.path("requestContext").path("authorizer").path("level").textValue());
        assertFalse(message.path("requestContext").path("authorizer").has("integrationLatency"));
        assertFalse(EVENTS.message(CONNECTION, request, "$default", "x").path("requestContext").has("authorizer"));
    }

    @Test
    void theAuthorizerRequestHasTypeMethodArnEmptyMapsAndNoAuthorizer() {
        var event = EVENTS.authorizerRequest(CONNECTION, new Events.Request("req=", null, CONNECTED),
                "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/$connect",
                Map.of("Connection", List.of("upgrade")), Map.of());

        assertEquals("REQUEST", event.path("type").textValue());
        assertEquals("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/$connect",
                event.path("methodArn").textValue());
        assertEquals("upgrade", event.path("headers").path("Connection").textValue());
        assertTrue(event.path("queryStringParameters").isObject());
        assertTrue(event.path("multiValueQueryStringParameters").isObject());
        assertTrue(event.path("stageVariables").isObject());
        assertEquals("CONNECT", event.path("requestContext").path("eventType").textValue());
        assertFalse(event.has("isBase64Encoded"));
    }

    private static void assertCommonContext(JsonNode context, String routeKey, String eventType, Instant time) {
        assertEquals(routeKey, context.path("routeKey").textValue());
        assertEquals(eventType, context.path("eventType").textValue());
        assertEquals("ext=", context.path("extendedRequestId").textValue());
        assertEquals("req=", context.path("requestId").textValue());
        assertEquals(Events.REQUEST_TIME.format(time), context.path("requestTime").textValue());
        assertTrue(context.path("requestTime").textValue().matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000"));
        assertTrue(context.path("requestTimeEpoch").isIntegralNumber());
        assertEquals(time.toEpochMilli(), context.path("requestTimeEpoch").longValue());
        assertTrue(context.path("connectedAt").isIntegralNumber());
        assertEquals(CONNECTED.toEpochMilli(), context.path("connectedAt").longValue());
        assertEquals("IN", context.path("messageDirection").textValue());
        assertEquals("dev", context.path("stage").textValue());
        assertEquals("127.0.0.1:4443", context.path("domainName").textValue());
        assertEquals("a1b2c3d4e5", context.path("apiId").textValue());
        assertEquals("Abc-def_GhiJkl=", context.path("connectionId").textValue());
        assertEquals("127.0.0.1", context.path("identity").path("sourceIp").textValue());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        var list = new java.util.ArrayList<T>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
