package webchat.connect;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * {@code $connect}: stores the new connection id with its display name ({@link DisplayName}: the {@code ?name=} query
 * parameter, or a fallback); refuses the handshake (500) when it cannot be stored.
 */
public final class ConnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    /** API Gateway closes every connection after 2 hours; 10 minutes of margin on top. */
    static final long DEFAULT_TTL_SECONDS = 7800;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration timeToLive;
    private final Clock clock;
    private final Metrics metrics;

    /** Called once per execution environment by Lambda: builds the client from the environment. */
    public ConnectHandler() {
        this(Clients.dynamoDb(), Environment.required("TABLE_NAME"),
                Duration.ofSeconds(Environment.positiveLong("CONNECTION_TTL_SECONDS", DEFAULT_TTL_SECONDS)),
                Clock.systemUTC(), Metrics.standardOutput());
        Priming.register();
    }

    ConnectHandler(DynamoDbClient dynamoDb, String tableName, Duration timeToLive, Clock clock) {
        this(dynamoDb, tableName, timeToLive, clock, Metrics.standardOutput());
    }

    ConnectHandler(DynamoDbClient dynamoDb, String tableName, Duration timeToLive, Clock clock, Metrics metrics) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.timeToLive = timeToLive;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        var log = new EventLog(event, context);
        var request = event.getRequestContext();
        long connectedAt = request.getConnectedAt() > 0 ? request.getConnectedAt() : clock.millis();
        long expiresAt = clock.instant().plus(timeToLive).getEpochSecond();
        var name = DisplayName.choose(requestedName(event), request.getConnectionId());
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(Map.of(
                            "connectionId", AttributeValue.fromS(request.getConnectionId()),
                            "name", AttributeValue.fromS(name.value()),
                            "connectedAt", number(connectedAt),
                            "expiresAt", number(expiresAt)))
                    .build());
            log.info("Connected as " + describe(name) + "; expiresAt=" + expiresAt);
            metrics.entry(event).count("Connects", 1).emit();
            return status(200);
        } catch (SdkException e) {
            log.error("Refusing the connection: could not store it", e);
            metrics.entry(event).count("ConnectFailures", 1).emit();
            return status(500);
        }
    }

    private static String describe(DisplayName name) {
        return name.isFallback()
                ? "the fallback name " + name.value() + " (" + name.fallbackReason() + ")"
                : "name=\"" + name.value() + "\"";
    }

    private static String requestedName(APIGatewayV2WebSocketEvent event) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? null : query.get("name");
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static APIGatewayV2WebSocketResponse status(int statusCode) {
        var response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        return response;
    }
}
