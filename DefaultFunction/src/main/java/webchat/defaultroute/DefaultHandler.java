package webchat.defaultroute;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

/**
 * {@code $default}: a message whose action matched no route. Logs it and tells the sender, through the @connections
 * API, what was wrong and what a valid message looks like. Always 200: a reply that cannot be delivered (the sender
 * is gone) is only logged.
 */
public final class DefaultHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    static final int BODY_EXCERPT_CHARS = 200;

    private final ManagementApis managementApis;

    /** Called once per execution environment by Lambda: clients come from the environment. */
    public DefaultHandler() {
        this(new ManagementApis(Clients::managementApi, System.getenv("MANAGEMENT_ENDPOINT")));
        Priming.register();
    }

    DefaultHandler(ManagementApis managementApis) {
        this.managementApis = managementApis;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        var log = new EventLog(event, context);
        Notice notice = UnmatchedMessage.explain(event.getBody());
        log.info("No route for this message (" + notice.code() + "); body "
                + Excerpt.of(event.getBody(), BODY_EXCERPT_CHARS));
        try {
            managementApis.forEvent(event).postToConnection(PostToConnectionRequest.builder()
                    .connectionId(event.getRequestContext().getConnectionId())
                    .data(notice.toBytes())
                    .build());
        } catch (SdkException e) {
            log.warn("Could not send the " + notice.code() + " notice to the sender", e);
        }
        var response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        return response;
    }
}
