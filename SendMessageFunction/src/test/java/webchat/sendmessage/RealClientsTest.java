package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/**
 * The real SDK clients from {@link Clients} against loopback stand-ins: DynamoDB reached through the SDK's own
 * endpoint setting (the system property twin of AWS_ENDPOINT_URL_DYNAMODB; AWS_REGION, TABLE_NAME and dummy
 * credentials come from surefire), and an @connections API whose 410 + GoneException header must prune the id.
 */
class RealClientsTest {

    private final FakeDynamoDb dynamoDb = new FakeDynamoDb();
    private final FakeConnectionsApi connectionsApi = new FakeConnectionsApi(Set.of("Gone0000001="));

    @AfterEach
    void stop() {
        System.clearProperty("aws.endpointUrlDynamoDb");
        dynamoDb.close();
        connectionsApi.close();
    }

    @Test
    void theLambdaConstructorScansTheTableAtTheEndpointTheSdkSettingNames() {
        // given
        System.setProperty("aws.endpointUrlDynamoDb", dynamoDb.endpoint());
        var context = mock(Context.class);
        var logger = new RecordingLogger();
        when(context.getLogger()).thenReturn(logger);

        // when
        var response = new SendMessageHandler().handleRequest(
                Events.message("Sender00001=", "{\"action\":\"sendMessage\",\"data\":\"hi\"}"), context);

        // then an empty table: nobody to post to
        assertEquals(200, response.getStatusCode(), () -> String.join("\n", logger.lines()));
        assertEquals(List.of("DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.Scan"), dynamoDb.operations());
        assertTrue(dynamoDb.bodies().get(1).contains("\"ProjectionExpression\":\"connectionId, #name\""),
                dynamoDb.bodies().get(1));
        assertTrue(logger.lines().getLast().contains("recipients=0"), logger.lines().getLast());
    }

    @Test
    void postsGoToTheStagePathWithThePercentEncodedIdAndGoneIdsArePruned() {
        // given
        System.setProperty("aws.endpointUrlDynamoDb", dynamoDb.endpoint());
        var table = new ConnectionTable(Clients.dynamoDb(), "connections");
        var broadcast = new Broadcast(table, 4);
        var context = mock(Context.class);
        var logger = new RecordingLogger();
        when(context.getLogger()).thenReturn(logger);
        var event = Events.message("Alive000001=", "x");

        // when
        var result = broadcast.send(Clients.managementApi(connectionsApi.endpoint("dev")),
                List.of("Alive000001=", "Gone0000001="), SdkBytes.fromUtf8String("héllo"),
                new EventLog(event, context));

        // then
        assertEquals(1, result.delivered(), () -> String.join("\n", logger.lines()));
        assertEquals(1, result.pruned());
        assertEquals(Set.of(new FakeConnectionsApi.Post("/dev/@connections/Alive000001%3D", "héllo"),
                new FakeConnectionsApi.Post("/dev/@connections/Gone0000001%3D", "héllo")),
                Set.copyOf(connectionsApi.posts()));
        assertEquals(List.of("DynamoDB_20120810.DeleteItem"), dynamoDb.operations());
        assertTrue(dynamoDb.bodies().getFirst().contains("Gone0000001="));
        assertTrue(dynamoDb.bodies().getFirst().contains(
                "\"ConditionExpression\":\"attribute_not_exists(connectedAt) OR connectedAt < :cutoff\""),
                dynamoDb.bodies().getFirst());
    }

    @Test
    void theHttpClientKeepsAnIdleConnectionForEveryPostABroadcastHasInFlight() {
        // when the clients exist (the Lambda constructor builds them first)
        Clients.dynamoDb().close();

        // then HttpURLConnection keeps as many idle connections per host as the broadcast concurrency, not 5
        assertEquals(String.valueOf(SendMessageHandler.DEFAULT_BROADCAST_CONCURRENCY),
                System.getProperty("http.maxConnections"));
    }
}
