package webchat.sendmessage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code sendMessage}: broadcasts the sender's text, inside a server-built {@link Envelope} that names the sender
 * (from its row in the connections table), to every connection, the sender included. A bad message, or one over the
 * sender's {@link SendRateLimit}, is answered with a {@link Notice} to the sender alone and nothing is broadcast;
 * when the table cannot be read the sender is asked to retry and the answer is 500.
 */
public final class SendMessageHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    static final int DEFAULT_BROADCAST_CONCURRENCY = 64;
    static final int DEFAULT_SEND_RATE_LIMIT = 10;
    static final int DEFAULT_SEND_RATE_WINDOW_SECONDS = 10;

    private static final Notice UNAVAILABLE = new Notice("UNAVAILABLE",
            "The message could not be sent right now: please retry in a moment.");
    /** The sender is connected (its frame came in) but its row is gone: only a new connection stores it again. */
    private static final Notice NOT_CONNECTED = new Notice("NOT_CONNECTED",
            "Your connection is no longer registered, so nobody would receive your message: reconnect to chat again.");

    private final ManagementApis managementApis;
    private final ConnectionTable connections;
    private final SendRateLimit rateLimit;
    private final Broadcast broadcast;
    private final Clock clock;
    private final Metrics metrics;

    /** Called once per execution environment by Lambda: clients come from the environment. */
    public SendMessageHandler() {
        this(Clients.dynamoDb(), new ManagementApis(Clients::managementApi, System.getenv("MANAGEMENT_ENDPOINT")),
                Environment.required("TABLE_NAME"),
                Environment.positiveInt("BROADCAST_CONCURRENCY", DEFAULT_BROADCAST_CONCURRENCY),
                Environment.positiveInt("SEND_RATE_LIMIT", DEFAULT_SEND_RATE_LIMIT),
                Duration.ofSeconds(Environment.positiveInt("SEND_RATE_WINDOW_SECONDS",
                        DEFAULT_SEND_RATE_WINDOW_SECONDS)),
                Clock.systemUTC(), Metrics.standardOutput());
        Priming.register();
    }

    SendMessageHandler(DynamoDbClient dynamoDb, ManagementApis managementApis, String tableName, int concurrency) {
        this(dynamoDb, managementApis, tableName, concurrency, DEFAULT_SEND_RATE_LIMIT,
                Duration.ofSeconds(DEFAULT_SEND_RATE_WINDOW_SECONDS), Clock.systemUTC(), Metrics.standardOutput());
    }

    SendMessageHandler(DynamoDbClient dynamoDb, ManagementApis managementApis, String tableName, int concurrency,
            int sendRateLimit, Duration sendRateWindow, Clock clock, Metrics metrics) {
        this.managementApis = managementApis;
        this.connections = new ConnectionTable(dynamoDb, tableName, clock);
        this.rateLimit = new SendRateLimit(dynamoDb, tableName, sendRateLimit, sendRateWindow, clock);
        this.broadcast = new Broadcast(connections, concurrency);
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        var log = new EventLog(event, context);
        var api = managementApis.forEvent(event);
        return switch (IncomingMessage.parse(event.getBody())) {
            case IncomingMessage.Rejected(Notice notice) -> reject(api, event, notice, log);
            case IncomingMessage.Accepted accepted -> {
                try {
                    yield switch (rateLimit.check(event.getRequestContext().getConnectionId())) {
                        case SendRateLimit.Allowed() -> broadcast(api, event, accepted, log);
                        case SendRateLimit.Limited(long retryAfterMs) -> rateLimited(api, event, retryAfterMs, log);
                        case SendRateLimit.NotConnected() -> {
                            log.info("The sender's connection is not in the table (closed or pruned); "
                                    + "nothing was broadcast; the sender is told to reconnect");
                            notifySender(api, event, NOT_CONNECTED, log);
                            yield status(200);
                        }
                    };
                } catch (SdkException e) {
                    log.error("Could not read the connections table; nothing was broadcast", e);
                    notifySender(api, event, UNAVAILABLE, log);
                    yield status(500);
                }
            }
        };
    }

    private APIGatewayV2WebSocketResponse broadcast(ApiGatewayManagementApiClient api,
            APIGatewayV2WebSocketEvent event, IncomingMessage.Accepted message, EventLog log) {
        List<ConnectionTable.Connection> recipients = connections.connections();
        var envelope = Envelope.of(event, recipients, message, clock.instant());
        byte[] frame = envelope.toJson().getBytes(StandardCharsets.UTF_8);
        if (frame.length > IncomingMessage.MAX_PAYLOAD_BYTES) {
            return reject(api, event, IncomingMessage.tooLarge().notice(), log);
        }
        var result = broadcast.send(api, recipients.stream().map(ConnectionTable.Connection::id).toList(),
                SdkBytes.fromByteArrayUnsafe(frame), log);
        log.info(result.summary());
        metrics.entry(event)
                .count("Recipients", result.recipients()).count("Delivered", result.delivered())
                .count("Pruned", result.pruned()).count("Skipped", result.skipped()).count("Failed", result.failed())
                .milliseconds("BroadcastDuration", result.durationMs())
                .emit();
        return status(200);
    }

    private APIGatewayV2WebSocketResponse rateLimited(ApiGatewayManagementApiClient api,
            APIGatewayV2WebSocketEvent event, long retryAfterMs, EventLog log) {
        log.info("Over the send rate limit (" + rateLimit.limit() + " per " + rateLimit.window().toSeconds()
                + " s); retryAfterMs=" + retryAfterMs + "; nothing was broadcast");
        metrics.entry(event).count("RateLimited", 1).emit();
        notifySender(api, event, Notice.rateLimited(rateLimit.limit(), rateLimit.window().toSeconds(), retryAfterMs),
                log);
        return status(200);
    }

    private APIGatewayV2WebSocketResponse reject(ApiGatewayManagementApiClient api, APIGatewayV2WebSocketEvent event,
            Notice notice, EventLog log) {
        log.info("Rejected the message (" + notice.code() + "); nothing was broadcast");
        metrics.entry(event).count("RejectedMessages", 1).property("code", notice.code()).emit();
        notifySender(api, event, notice, log);
        return status(200);
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
