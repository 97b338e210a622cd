package webchat.local.template;

import java.util.Map;

/**
 * A WEBSOCKET API: from {@code AWS::ApiGatewayV2::Api} with its Route/Integration/Stage resources, or from SAM's
 * {@code AWS::Serverless::WebSocketApi}.
 *
 * @param apiId                    the local API id (10 lower-case letters and digits, like AWS's)
 * @param routeSelectionExpression e.g. {@code $request.body.action}
 * @param stageName                the stage the gateway serves, e.g. {@code dev}
 * @param routes                   by route key ({@code $connect}, {@code $disconnect}, {@code $default}, custom keys)
 */
public record WebSocketApi(
        String logicalId,
        String apiId,
        String name,
        String routeSelectionExpression,
        String stageName,
        Map<String, Route> routes) {}
