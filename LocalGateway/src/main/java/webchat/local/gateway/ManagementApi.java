package webchat.local.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code @connections} management API: {@code POST|GET|DELETE /{stage}/@connections/{connectionId}} with API
 * Gateway's status codes and the {@code x-amzn-ErrorType} header the AWS SDKs map errors by. Knows no sockets.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html">
 *     Use @connections commands in your backend service</a>
 */
final class ManagementApi {

    static final int MAX_POST_BYTES = 128 * 1024;
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the API does to connections. */
    interface Connections {
        /** Sends the data; false when the id is not an open connection. */
        boolean post(String connectionId, byte[] data);

        /** The connection's status, or null when the id is not an open connection. */
        Status get(String connectionId);

        /** Closes the connection; false when the id is not an open connection. */
        boolean delete(String connectionId);
    }

    record Status(Instant connectedAt, String sourceIp, String userAgent, Instant lastActiveAt) {}

    /** An HTTP answer: status, headers, body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String stage;
    private final Connections connections;

    ManagementApi(String stage, Connections connections) {
        this.stage = stage;
        this.connections = connections;
    }

    /** True when the raw (still percent-encoded) path belongs to this stage and so to this API. */
    boolean owns(String rawPath) {
        var path = decode(rawPath);
        return path.equals("/" + stage) || path.startsWith("/" + stage + "/");
    }

    /**
     * Answers one request.
     *
     * @param rawPath the request path as sent, percent-encoding intact
     * @param body    the request body, at most {@link #MAX_POST_BYTES} + 1 bytes (more means too large)
     */
    Reply handle(String method, String rawPath, byte[] body) {
        var connectionId = connectionId(rawPath);
        if (connectionId == null) {
            return error(403, "ForbiddenException", "Forbidden");
        }
        return switch (method) {
            case "POST" -> post(connectionId, body);
            case "GET" -> get(connectionId);
            case "DELETE" -> connections.delete(connectionId) ? reply(204, null, new byte[0]) : gone();
            default -> error(403, "ForbiddenException", "Forbidden");
        };
    }

    private Reply post(String connectionId, byte[] body) {
        if (body.length > MAX_POST_BYTES) {
            return error(413, "PayloadTooLargeException", "Request entity too large");
        }
        return connections.post(connectionId, body) ? reply(200, null, new byte[0]) : gone();
    }

    private Reply get(String connectionId) {
        var status = connections.get(connectionId);
        if (status == null) {
            return gone();
        }
        var json = JSON.createObjectNode();
        json.put("connectedAt", ISO_MILLIS.format(status.connectedAt()));
        var identity = json.putObject("identity");
        identity.put("sourceIp", status.sourceIp());
        if (status.userAgent() != null) {
            identity.put("userAgent", status.userAgent());
        }
        json.put("lastActiveAt", ISO_MILLIS.format(status.lastActiveAt()));
        return reply(200, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String connectionId(String rawPath) {
        var prefix = "/" + stage + "/@connections/";
        var path = rawPath.replace("%40", "@");
        if (!path.startsWith(prefix)) {
            return null;
        }
        var encodedId = path.substring(prefix.length());
        if (encodedId.isEmpty() || encodedId.contains("/")) {
            return null;
        }
        return decode(encodedId);
    }

    private static String decode(String encoded) {
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Reply gone() {
        var headers = headers("application/json");
        headers.put("x-amzn-ErrorType", "GoneException");
        return new Reply(410, headers, "{\"message\":null}".getBytes(StandardCharsets.UTF_8));
    }

    static Reply error(int status, String errorType, String message) {
        var headers = headers("application/json");
        headers.put("x-amzn-ErrorType", errorType);
        var body = JSON.createObjectNode().put("message", message).toString();
        return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Reply reply(int status, String contentType, byte[] body) {
        return new Reply(status, headers(contentType), body);
    }

    private static Map<String, String> headers(String contentType) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return headers;
    }
}
