package webchat.local.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import webchat.local.lambda.Invocation;

/** What API Gateway reads from a Lambda proxy response (statusCode, body, headers), and how the console reports it. */
final class ProxyResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProxyResponse() {
    }

    /**
     * What the console says of a finished invocation: "ok" only for a 2xx answer; else the status the function
     * returned, or how it failed, so that a failed $disconnect or message never reads as ok.
     */
    static String result(Invocation invocation) {
        if (!invocation.succeeded()) {
            return "failed (" + invocation.outcome() + ")";
        }
        var status = statusCode(invocation.payload());
        return status / 100 == 2 ? "ok" : status + " (the function returned statusCode " + status + ")";
    }

    /** How an invocation failed, as a note after the status; empty when it succeeded. */
    static String outcomeNote(Invocation invocation) {
        return invocation.succeeded() ? "" : " (" + invocation.outcome() + ")";
    }

    /**
     * A proxy response's statusCode; a response without one (or no response) counts as 200, a malformed one as 502
     * (API Gateway's answer to a malformed Lambda proxy response).
     */
    static int statusCode(String payload) {
        var response = parse(payload);
        var status = response.path("statusCode");
        if (status.isInt()) {
            return status.intValue();
        }
        if (status.isTextual() && status.textValue().matches("\\d{3}")) {
            return Integer.parseInt(status.textValue());
        }
        return response.isObject() && response.has("statusCode") ? ApiStage.BAD_GATEWAY : 200;
    }

    static Optional<String> body(String payload) {
        var body = parse(payload).path("body");
        if (body.isMissingNode() || body.isNull()) {
            return Optional.empty();
        }
        return Optional.of(body.isTextual() ? body.textValue() : body.toString());
    }

    static Map<String, String> headers(String payload) {
        var headers = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        parse(payload).path("headers").properties().forEach(header -> {
            if (header.getValue().isValueNode()) {
                headers.put(header.getKey(), header.getValue().asText());
            }
        });
        return headers;
    }

    private static JsonNode parse(String payload) {
        if (payload == null || payload.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(payload);
        } catch (JacksonException notJson) {
            return JSON.missingNode();
        }
    }
}
