package webchat.sendmessage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code sendMessage}: broadcasts {@code data} to every connection, the sender included. A bad message is answered
 * with an error notice to the sender alone and nothing is broadcast; when the connections cannot be listed the
 * sender is asked to retry and the answer is 500.
 */
public final class SendMessageHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    static final int DEFAULT_BROADCAST_CONCURRENCY = 64;

    private final ManagementApis managementApis;
    private final ConnectionTable connections;
    private final Broadcast broadcast;

    /** Called once per execution environment by Lambda: clients come from the environment. */
    public SendMessageHandler() {
        this(Clients.dynamoDb(), new ManagementApis(Clients::managementApi, System.getenv("MANAGEMENT_ENDPOINT")),
                Environment.required("TABLE_NAME"),
                Environment.positiveInt("BROADCAST_CONCURRENCY", DEFAULT_BROADCAST_CONCURRENCY));
        Priming.register();
    }

    SendMessageHandler(DynamoDbClient dynamoDb, ManagementApis managementApis, String tableName, int concurrency) {
        this.managementApis = managementApis;
        this.connections = new ConnectionTable(dynamoDb, tableName);
        this.broadcast = new Broadcast(connections, concurrency);
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        var log = new EventLog(event, context);
        var api = managementApis.forEvent(event);
        switch (IncomingMessage.parse(event.getBody())) {
            case IncomingMessage.Rejected(Notice notice) -> {
                log.info("Rejected the message (" + notice.code() + "); nothing was broadcast");
                notifySender(api, event, notice, log);
                return status(200);
            }
            case IncomingMessage.Accepted(String data) -> {
                List<String> recipients;
                try {
                    recipients = connections.connectionIds();
                } catch (SdkException e) {
                    log.error("Could not list the connections; nothing was broadcast", e);
                    notifySender(api, event, new Notice("UNAVAILABLE",
                            "The message could not be sent right now: please retry in a moment."), log);
                    return status(500);
                }
                log.info(broadcast.send(api, recipients, SdkBytes.fromUtf8String(data), log).summary());
                return status(200);
            }
        }
    }

    private static void notifySender(ApiGatewayManagementApiClient api, APIGatewayV2WebSocketEvent event,
            Notice notice, EventLog log) {
        try {
            api.postToConnection(PostToConnectionRequest.builder()
                    .connectionId(event.getRequestContext().getConnectionId())
                    .data(notice.toBytes())
                    .build());
        } catch (SdkException e) {
            log.warn("Could not send the " + notice.code() + " notice to the sender", e);
        }
    }

    private static APIGatewayV2WebSocketResponse status(int statusCode) {
        var response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        return response;
    }
}
