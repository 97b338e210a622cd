package webchat.local.gateway;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The headers API Gateway hands on from a WebSocket handshake. Names keep the client's spelling (so a lowercase
 * {@code x-api-key} stays lowercase); repeated names are merged, case-insensitively, into one multi-value entry. What
 * API Gateway adds or replaces: {@code Host} (its own domain name), {@code X-Amzn-Trace-Id},
 * {@code X-Forwarded-For} (the source IP appended), {@code X-Forwarded-Port: 443}, {@code X-Forwarded-Proto: https}.
 * The $connect integration does not get the hop-by-hop {@code Connection} and {@code Upgrade}; the authorizer does,
 * plus {@code content-length: 0}.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html">
 *     the authorizer's input (with Connection and Upgrade)</a>
 * @see <a href="https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html#xray-api-traceids">
 *     trace id format</a>
 */
final class ConnectHeaders {

    private static final Set<String> REPLACED = Set.of("host", "x-amzn-trace-id", "x-forwarded-for",
            "x-forwarded-port", "x-forwarded-proto");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "upgrade");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConnectHeaders() {}

    /** The headers of the $connect event. */
    static Map<String, List<String>> forIntegration(Map<String, List<String>> sent, String sourceIp,
                                                    String domainName, String traceId) {
        return build(sent, sourceIp, domainName, traceId, false);
    }

    /** The headers of the REQUEST authorizer's event. */
    static Map<String, List<String>> forAuthorizer(Map<String, List<String>> sent, String sourceIp,
                                                   String domainName, String traceId) {
        var headers = build(sent, sourceIp, domainName, traceId, true);
        headers.putIfAbsent("content-length", List.of("0"));
        return headers;
    }

    /** An X-Ray trace id as API Gateway adds it: {@code Root=1-{epoch seconds, 8 hex}-{96 random bits, 24 hex}}. */
    static String traceId(Instant now) {
        var random = new byte[12];
        RANDOM.nextBytes(random);
        return "Root=1-%08x-%s".formatted(now.getEpochSecond(), HexFormat.of().formatHex(random));
    }

    private static TreeMap<String, List<String>> build(Map<String, List<String>> sent, String sourceIp,
                                                       String domainName, String traceId, boolean keepHopByHop) {
        var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        var forwardedFor = new ArrayList<String>();
        sent.forEach((name, values) -> {
            var lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("x-forwarded-for")) {
                forwardedFor.addAll(values);
            } else if (!REPLACED.contains(lower) && (keepHopByHop || !HOP_BY_HOP.contains(lower))) {
                headers.computeIfAbsent(name, key -> new ArrayList<>()).addAll(values);
            }
        });
        forwardedFor.add(sourceIp);
        headers.put("Host", List.of(domainName));
        headers.put("X-Amzn-Trace-Id", List.of(traceId));
        headers.put("X-Forwarded-For", List.of(String.join(", ", forwardedFor)));
        headers.put("X-Forwarded-Port", List.of("443"));
        headers.put("X-Forwarded-Proto", List.of("https"));
        return headers;
    }
}
