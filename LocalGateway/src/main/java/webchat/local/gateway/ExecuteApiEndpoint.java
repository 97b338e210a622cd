package webchat.local.gateway;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import webchat.local.template.LambdaFunction;

/**
 * This API's own endpoint on AWS, {@code https://{apiId}.execute-api.{region}.amazonaws.com}, as a function's
 * environment names it (the template's default {@code MANAGEMENT_ENDPOINT}), pointed at the local gateway: on AWS that
 * host name leads to API Gateway, here it leads nowhere, so a value naming it is given the gateway's address instead.
 * The template's stage URL becomes the stage the gateway serves (which {@code --stage} may change); any other value
 * under the host keeps its path. See "Invoking your WebSocket API's @connections commands"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html).
 *
 * @param origin        {@code https://{apiId}.execute-api.{region}.amazonaws.com}
 * @param templateStage the stage the template deploys, as its values name it
 */
public record ExecuteApiEndpoint(String origin, String templateStage) {

    public static ExecuteApiEndpoint of(String apiId, String region, String templateStage) {
        return new ExecuteApiEndpoint("https://" + apiId + ".execute-api." + region + ".amazonaws.com", templateStage);
    }

    /** {@code value} with this API's endpoint replaced by {@code local} ({@code https://127.0.0.1:PORT/{stage}}). */
    public String localized(String value, URI local) {
        if (!value.startsWith(origin)) {
            return value;
        }
        String path = value.substring(origin.length());
        if (!path.isEmpty() && !path.startsWith("/")) {
            return value;  // another host that merely starts with this one's name
        }
        String stagePath = "/" + templateStage;
        if (path.equals(stagePath) || path.equals(stagePath + "/")) {
            return local.toString();
        }
        return local.getScheme() + "://" + local.getRawAuthority() + path;
    }

    /** The functions with every environment value naming this API's endpoint {@link #localized}. */
    public Map<String, LambdaFunction> localized(Map<String, LambdaFunction> functions, URI local) {
        Map<String, LambdaFunction> result = new LinkedHashMap<>();
        functions.forEach((id, f) -> {
            Map<String, String> environment = new LinkedHashMap<>();
            f.environment().forEach((name, value) -> environment.put(name, localized(value, local)));
            result.put(id, environment.equals(f.environment()) ? f : new LambdaFunction(f.logicalId(),
                    f.functionName(), f.codeUri(), f.handler(), f.runtime(), environment, f.memoryMb(),
                    f.timeoutSeconds(), f.logFormat(), f.logLevel(), f.snapStart()));
        });
        return result;
    }
}
