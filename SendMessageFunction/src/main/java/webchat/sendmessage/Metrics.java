package webchat.sendmessage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * CloudWatch metrics as embedded metric format (EMF) log events: namespace {@code WebChat}, one dimension set
 * {@code [["ApiId"]]}, with connectionId, routeKey and requestId as properties for Logs Insights.
 * <p>
 * Each object is written as one line to standard output, not through {@code context.getLogger()}. CloudWatch only
 * extracts metrics from a log event whose top level holds {@code _aws}. With {@code LoggingConfig.LogFormat: JSON}
 * the Java runtime wraps every {@code LambdaLogger.log(String, LogLevel)} message as
 * {@code {"timestamp":...,"level":...,"message":"<the text>","AWSRequestId":...}}, which would bury {@code _aws}
 * inside a string (aws/aws-lambda-java-libs, aws-lambda-java-runtime-interface-client/src/main/java/com/amazonaws/
 * services/lambda/runtime/api/client/logging/AbstractLambdaLogger.java and JsonLogFormatter.java). {@code System.out}
 * is a plain pass-through to the process's stdout (AWSLambda.java installs a PrintStream over
 * util/LambdaOutputStream.java, which only forwards bytes), and Lambda ships stdout to CloudWatch Logs as it is:
 * "To publish metrics from a function, write embedded metric format logs to STDOUT"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Lambda.html);
 * "Lambda doesn't double-encode any logs that are already JSON encoded"
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html). Format:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
final class Metrics {

    static final String NAMESPACE = "WebChat";
    static final String DIMENSION = "ApiId";

    private final PrintStream out;
    private final Clock clock;

    Metrics(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** The metrics of the running function: its standard output, now. */
    static Metrics standardOutput() {
        return new Metrics(System.out, Clock.systemUTC());
    }

    /** A new EMF object about {@code event}: add metrics and properties, then {@link Entry#emit()}. */
    Entry entry(APIGatewayV2WebSocketEvent event) {
        return new Entry(event.getRequestContext());
    }

    /** One EMF object: its metrics in the order added, then the dimension and the properties. */
    final class Entry {

        private record Metric(String name, String unit, long value) {
        }

        private final List<Metric> metrics = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final String apiId;

        private Entry(APIGatewayV2WebSocketEvent.RequestContext request) {
            this.apiId = request.getApiId() == null ? "unknown" : request.getApiId();
            properties.put("connectionId", request.getConnectionId());
            properties.put("routeKey", request.getRouteKey());
            properties.put("requestId", request.getRequestId());
        }

        Entry count(String name, long value) {
            metrics.add(new Metric(name, "Count", value));
            return this;
        }

        Entry milliseconds(String name, long value) {
            metrics.add(new Metric(name, "Milliseconds", value));
            return this;
        }

        Entry property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** Writes the object as one line; println on one PrintStream keeps concurrent lines whole. */
        void emit() {
            out.println(toJson());
        }

        String toJson() {
            try (JsonWriter json = JsonWriter.create()) {
                json.writeStartObject().writeFieldName("_aws").writeStartObject()
                        .writeFieldName("Timestamp").writeValue(clock.millis())
                        .writeFieldName("CloudWatchMetrics").writeStartArray().writeStartObject()
                        .writeFieldName("Namespace").writeValue(NAMESPACE)
                        .writeFieldName("Dimensions").writeStartArray().writeStartArray().writeValue(DIMENSION)
                        .writeEndArray().writeEndArray()
                        .writeFieldName("Metrics").writeStartArray();
                for (Metric metric : metrics) {
                    json.writeStartObject().writeFieldName("Name").writeValue(metric.name())
                            .writeFieldName("Unit").writeValue(metric.unit()).writeEndObject();
                }
                json.writeEndArray().writeEndObject().writeEndArray().writeEndObject();
                json.writeFieldName(DIMENSION).writeValue(apiId);
                for (Metric metric : metrics) {
                    json.writeFieldName(metric.name()).writeValue(metric.value());
                }
                for (var property : properties.entrySet()) {
                    json.writeFieldName(property.getKey());
                    if (property.getValue() == null) {
                        json.writeNull();
                    } else {
                        json.writeValue(property.getValue());
                    }
                }
                json.writeEndObject();
                return new String(json.getBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
