package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** echo (a two-way route): answers the sender with its own message, and counts it as an EMF metric. */
public class EchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object requestContext = event.get("requestContext");
        Object apiId = requestContext instanceof Map<?, ?> map ? map.get("apiId") : "unknown";
        System.out.println("{\"_aws\":{\"Timestamp\":" + System.currentTimeMillis() + ",\"CloudWatchMetrics\":[{"
                + "\"Namespace\":\"TypedChat\",\"Dimensions\":[[\"ApiId\"]],\"Metrics\":[{\"Name\":\"Echoes\","
                + "\"Unit\":\"Count\"}]}]},\"ApiId\":\"" + apiId + "\",\"Echoes\":1}");
        return Map.of("statusCode", 200, "body", "echo: " + event.get("body"));
    }
}
