package webchat.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the Lambda proxy events of a WebSocket API (CONNECT, MESSAGE, DISCONNECT) in API Gateway's shape.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html">
 *     WebSocket $context variables</a>
 */
final class Events {

    static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiId;
    private final String stage;
    private final String domainName;

    /**
     * One request's ids and time: requestId, extendedRequestId and (for MESSAGE) messageId. API Gateway gives a
     * WebSocket request one id, used as both requestId and extendedRequestId (see the CONNECT, MESSAGE and DISCONNECT
     * events in aws-lambda-go events/testdata/apigw-websocket-request-*.json).
     */
    record Request(String requestId, String extendedRequestId, String messageId, Instant time) {

        Request(String requestId, String messageId, Instant time) {
            this(requestId, requestId, messageId, time);
        }
    }

    Events(String apiId, String stage, String domainName) {
        this.apiId = apiId;
        this.stage = stage;
        this.domainName = domainName;
    }

    /**
     * The $connect event: the handshake's headers (as {@link ConnectHeaders#forIntegration} makes them) and query
     * string; with an authorizer, requestContext.authorizer adds its integrationLatency (ms) on this event only.
     */
    ObjectNode connect(ConnectionInfo connection, Request request, Map<String, List<String>> headers,
                       Map<String, List<String>> query, Long authorizerLatencyMillis) {
        var event = JSON.createObjectNode();
        putHeaders(event, headers);
        if (!query.isEmpty()) {
            putMultiMap(event, "queryStringParameters", "multiValueQueryStringParameters", query);
        }
        var context = requestContext(connection, request, "$connect", "CONNECT");
        if (authorizerLatencyMillis != null && context.get("authorizer") instanceof ObjectNode authorizer) {
            authorizer.put("integrationLatency", authorizerLatencyMillis);
        }
        event.set("requestContext", context);
        event.put("isBase64Encoded", false);
        return event;
    }

    ObjectNode connect(ConnectionInfo connection, Request request, Map<String, List<String>> headers,
                       Map<String, List<String>> query) {
        return connect(connection, request, headers, query, null);
    }

    /**
     * A Lambda REQUEST authorizer's input: type, methodArn, the headers (with Connection and Upgrade), query string,
     * stage variables (always present, empty when there are none) and the CONNECT request context.
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html">
     *     WebSocket REQUEST authorizer input</a>
     */
    ObjectNode authorizerRequest(ConnectionInfo connection, Request request, String methodArn,
                                 Map<String, List<String>> headers, Map<String, List<String>> query) {
        var event = JSON.createObjectNode();
        event.put("type", "REQUEST");
        event.put("methodArn", methodArn);
        putHeaders(event, headers);
        putMultiMap(event, "queryStringParameters", "multiValueQueryStringParameters", query);
        event.putObject("stageVariables");
        var context = requestContext(connection, request, "$connect", "CONNECT");
        context.remove("authorizer");
        event.set("requestContext", context);
        return event;
    }

    /** A MESSAGE event: no headers, the frame's text as body. */
    ObjectNode message(ConnectionInfo connection, Request request, String routeKey, String body) {
        var event = JSON.createObjectNode();
        var context = requestContext(connection, request, routeKey, "MESSAGE");
        context.put("messageId", request.messageId());
        event.set("requestContext", context);
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return event;
    }

    /** The $disconnect event: the fixed headers API Gateway sends, and the close status. */
    ObjectNode disconnect(ConnectionInfo connection, Request request, int statusCode, String reason) {
        var event = JSON.createObjectNode();
        var headers = new LinkedHashMap<String, List<String>>();
        headers.put("Host", List.of(domainName));
        headers.put("x-api-key", List.of(""));
        headers.put("X-Forwarded-For", List.of(""));
        headers.put("x-restapi", List.of(""));
        putHeaders(event, headers);
        var context = requestContext(connection, request, "$disconnect", "DISCONNECT");
        context.put("disconnectStatusCode", statusCode);
        context.put("disconnectReason", reason);
        event.set("requestContext", context);
        event.put("isBase64Encoded", false);
        return event;
    }

    private ObjectNode requestContext(ConnectionInfo connection, Request request, String routeKey, String eventType) {
        var context = JSON.createObjectNode();
        context.put("routeKey", routeKey);
        context.put("eventType", eventType);
        context.put("extendedRequestId", request.extendedRequestId());
        context.put("requestTime", REQUEST_TIME.format(request.time()));
        context.put("messageDirection", "IN");
        context.put("stage", stage);
        context.put("connectedAt", connection.connectedAt().toEpochMilli());
        context.put("requestTimeEpoch", request.time().toEpochMilli());
        identity(context, connection);
        if (connection.authorizer() != null) {
            var authorizer = context.putObject("authorizer");
            connection.authorizer().forEach(authorizer::put);
        }
        context.put("requestId", request.requestId());
        context.put("domainName", domainName);
        context.put("connectionId", connection.connectionId());
        context.put("apiId", apiId);
        return context;
    }

    /** identity.userAgent only when the client sent a User-Agent (on every event type), then sourceIp. */
    private static void identity(ObjectNode context, ConnectionInfo connection) {
        var identity = context.putObject("identity");
        if (connection.userAgent() != null) {
            identity.put("userAgent", connection.userAgent());
        }
        identity.put("sourceIp", connection.sourceIp());
    }

    private static void putHeaders(ObjectNode event, Map<String, List<String>> headers) {
        putMultiMap(event, "headers", "multiValueHeaders", headers);
    }

    private static void putMultiMap(ObjectNode event, String single, String multi, Map<String, List<String>> values) {
        var singleNode = event.putObject(single);
        var multiNode = event.putObject(multi);
        values.forEach((name, list) -> {
            singleNode.put(name, list.isEmpty() ? "" : list.getLast());
            var array = multiNode.putArray(name);
            list.forEach(array::add);
        });
    }
}
