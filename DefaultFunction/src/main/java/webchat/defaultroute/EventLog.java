package webchat.defaultroute;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;

/** One log line per call, each prefixed with the ids that tie it to a connection and an API Gateway request. */
final class EventLog {

    private final LambdaLogger logger;
    private final String prefix;

    EventLog(APIGatewayV2WebSocketEvent event, Context context) {
        var request = event.getRequestContext();
        this.logger = context.getLogger();
        this.prefix = "connectionId=" + request.getConnectionId()
                + " routeKey=" + request.getRouteKey()
                + " requestId=" + request.getRequestId() + " ";
    }

    void info(String message) {
        logger.log(prefix + message, LogLevel.INFO);
    }
}
