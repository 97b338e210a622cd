package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** $connect: lets in only a client that knows the pass (?pass=open-sesame); the others get 401. */
public class GateHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object query = event.get("queryStringParameters");
        boolean knowsThePass = query instanceof Map<?, ?> parameters && "open-sesame".equals(parameters.get("pass"));
        context.getLogger().log(knowsThePass ? "let in" : "refused: no pass");
        return Map.of("statusCode", knowsThePass ? 200 : 401);
    }
}
