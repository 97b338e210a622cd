package webchat.defaultroute;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

/**
 * {@code $default}: a message whose action matched no route. Logs it and answers the sender with a notice saying
 * what was wrong and what a valid message looks like, as the body of its response: the route is two-way (the
 * template gives it a RouteResponse), so API Gateway sends that body back on the sender's connection. No
 * @connections call is made, so the function needs no permission, opens no connection and has nothing to retry;
 * a sender that has gone by then is API Gateway's to skip.
 */
public final class DefaultHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    static final int BODY_EXCERPT_CHARS = 200;

    /**
     * Called once per execution environment by Lambda. The handler holds no state (no client, nothing random), so
     * priming invokes this very instance.
     */
    public DefaultHandler() {
        Priming.register(this);
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        var log = new EventLog(event, context);
        Notice notice = UnmatchedMessage.explain(event.getBody());
        log.info("No route for this message (" + notice.code() + "); body "
                + Excerpt.of(event.getBody(), BODY_EXCERPT_CHARS));
        var response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        response.setBody(notice.toJson());
        return response;
    }
}
