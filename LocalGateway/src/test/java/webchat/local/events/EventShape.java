package webchat.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Compares a captured event with a fixture of API Gateway's real event shape, field by field: every key present on
 * one side only, every JSON type that differs, and every value that differs is one line of the diff. Values that
 * vary by nature (ids, times, addresses, the domain) are checked for their format or only for their type.
 */
final class EventShape {

    private static final Pattern BASE64_ID = Pattern.compile("[A-Za-z0-9+/_-]{15}=");

    /** Paths whose value must match a format (AWS's ids and times), not equal the fixture's value. */
    private static final Map<Pattern, Pattern> FORMATS = Map.of(
            Pattern.compile("requestContext\\.(connectionId|requestId|extendedRequestId|messageId)"), BASE64_ID,
            Pattern.compile("requestContext\\.requestTime"),
            Pattern.compile("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000"),
            Pattern.compile("requestContext\\.apiId"), Pattern.compile("[a-z0-9]{10}"),
            Pattern.compile("(multiValueHeaders|headers)\\.X-Amzn-Trace-Id(\\[0])?"),
            Pattern.compile("Root=1-[0-9a-f]{8}-[0-9a-f]{24}"),
            Pattern.compile("(multiValueHeaders|headers)\\.Sec-WebSocket-Key(\\[0])?"),
            Pattern.compile("[A-Za-z0-9+/]{22}=="),
            Pattern.compile("methodArn"),
            Pattern.compile("arn:aws:execute-api:[a-z0-9-]+:\\d{12}:[a-z0-9]{10}/[\\w-]+/\\$connect"));

    /** Paths whose value varies freely: only the JSON type is compared. */
    private static final Pattern VARIES = Pattern.compile(String.join("|",
            "requestContext\\.(stage|domainName|connectedAt|requestTimeEpoch|identity\\.sourceIp)",
            "requestContext\\.authorizer\\.integrationLatency",
            "(multiValueHeaders|headers)\\.(Host|X-Forwarded-For|Origin)(\\[\\d+])?"));

    private EventShape() {}

    static List<String> diff(JsonNode expected, JsonNode actual) {
        var differences = new ArrayList<String>();
        compare("", expected, actual, differences);
        return differences;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (!type(expected).equals(type(actual))) {
            differences.add(path + ": " + type(expected) + " expected, " + type(actual) + " found (" + actual + ")");
            return;
        }
        if (expected.isObject()) {
            var names = new TreeSet<String>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (var name : names) {
                var child = path.isEmpty() ? name : path + "." + name;
                if (!actual.has(name)) {
                    differences.add(child + ": missing");
                } else if (!expected.has(name)) {
                    differences.add(child + ": not in AWS's event (" + actual.get(name) + ")");
                } else {
                    compare(child, expected.get(name), actual.get(name), differences);
                }
            }
        } else if (expected.isArray()) {
            if (expected.size() != actual.size()) {
                differences.add(path + ": " + expected.size() + " values expected, " + actual.size() + " found");
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
            }
        } else {
            compareValue(path, expected, actual, differences);
        }
    }

    private static void compareValue(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        for (var format : FORMATS.entrySet()) {
            if (format.getKey().matcher(path).matches()) {
                if (!format.getValue().matcher(actual.asText()).matches()) {
                    differences.add(path + ": " + actual + " does not have the format " + format.getValue());
                }
                return;
            }
        }
        if (!VARIES.matcher(path).matches() && !expected.equals(actual)) {
            differences.add(path + ": " + expected + " expected, " + actual + " found");
        }
    }

    private static String type(JsonNode node) {
        if (node.isIntegralNumber()) {
            return "integer";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
