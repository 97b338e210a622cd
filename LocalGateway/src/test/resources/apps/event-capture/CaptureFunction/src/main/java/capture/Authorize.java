package capture;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A Lambda REQUEST authorizer that captures its raw event, then decides by the token query parameter: good (Allow,
 * with a context of a string, a number and a boolean), deny (Deny), boom (throws), anything else (Deny).
 */
public class Authorize implements RequestStreamHandler {

    private static final Pattern TOKEN = Pattern.compile("\"token\":\"(\\w+)\"");
    private static final Pattern METHOD_ARN = Pattern.compile("\"methodArn\":\"([^\"]+)\"");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Capture.write(event);
        String token = Capture.find(TOKEN, event);
        if ("boom".equals(token)) {
            throw new IllegalStateException("the token service is down");
        }
        String effect = "good".equals(token) ? "Allow" : "Deny";
        String response = "{\"principalId\":\"user-ann\",\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":"
                + "[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"" + effect + "\",\"Resource\":\""
                + Capture.find(METHOD_ARN, event) + "\"}]},\"context\":{\"name\":\"Ann\",\"level\":7,\"admin\":true}}";
        output.write(response.getBytes(StandardCharsets.UTF_8));
    }
}
