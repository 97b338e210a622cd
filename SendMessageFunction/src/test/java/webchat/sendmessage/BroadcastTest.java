package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.stubbing.Answer;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;

@ExtendWith(MockitoExtension.class)
class BroadcastTest {

    private static final String SENDER = "Sender00001=";
    private static final String MESSAGE = "{\"action\":\"sendMessage\",\"data\":\"hi\"}";

    @Mock
    private DynamoDbClient dynamoDb;
    @Mock
    private ApiGatewayManagementApiClient managementApi;
    @Mock
    private Context context;
    @Captor
    private ArgumentCaptor<DeleteItemRequest> delete;

    private final RecordingLogger logger = new RecordingLogger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<String> posted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void lambdaContext() {
        when(context.getLogger()).thenReturn(logger);
    }

    private SendMessageHandler handlerWithConcurrency(int concurrency) {
        return new SendMessageHandler(dynamoDb, new ManagementApis(endpoint -> managementApi, null), "connections",
                concurrency);
    }

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "Recipient%03d=".formatted(i)).toList();
    }

    /** Counts the posts in flight around {@code during}, which runs while the post is "on the wire". */
    private Answer<PostToConnectionResponse> tracked(Runnable during) {
        return call -> {
            posted.add(call.<PostToConnectionRequest>getArgument(0).connectionId());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                during.run();
                return PostToConnectionResponse.builder().build();
            } finally {
                inFlight.decrementAndGet();
            }
        };
    }

    private static Runnable awaiting(CyclicBarrier barrier) {
        return () -> {
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("posts did not overlap", e);
            }
        };
    }

    @Test
    void postsToManyRecipientsOverlapInTime() {
        // given 16 recipients whose posts can only complete when all 16 are in flight together
        ScanPages.stub(dynamoDb, ids(16));
        when(managementApi.postToConnection(any(PostToConnectionRequest.class)))
                .thenAnswer(tracked(awaiting(new CyclicBarrier(16))));

        // when
        handlerWithConcurrency(64).handleRequest(Events.message(SENDER, MESSAGE), context);

        // then
        assertEquals(16, maxInFlight.get());
        assertTrue(logger.lines().getLast().contains("recipients=16 delivered=16 pruned=0 skipped=0 failed=0"),
                logger.lines().getLast());
    }

    @Test
    void noMoreThanTheConfiguredNumberOfPostsAreInFlight() {
        // given 12 recipients, concurrency 3, each post waiting for two others to be in flight with it
        ScanPages.stub(dynamoDb, ids(12));
        when(managementApi.postToConnection(any(PostToConnectionRequest.class)))
                .thenAnswer(tracked(awaiting(new CyclicBarrier(3))));

        // when
        handlerWithConcurrency(3).handleRequest(Events.message(SENDER, MESSAGE), context);

        // then
        assertEquals(3, maxInFlight.get());
        assertTrue(logger.lines().getLast().contains("recipients=12 delivered=12"), logger.lines().getLast());
    }

    @Test
    void aConcurrencyOfOnePostsStrictlyOneAfterTheOtherInScanOrder() {
        // given
        ScanPages.stub(dynamoDb, ids(4), ids(10).subList(4, 10));
        when(managementApi.postToConnection(any(PostToConnectionRequest.class))).thenAnswer(tracked(Thread::yield));

        // when
        handlerWithConcurrency(1).handleRequest(Events.message(SENDER, MESSAGE), context);

        // then
        assertEquals(1, maxInFlight.get());
        assertEquals(ids(10), posted);
    }

    @Test
    void goneRecipientsAreDeletedAndNobodyElse() {
        // given
        var recipients = List.of("Alive000001=", "Gone0000001=", SENDER, "Gone0000002=", "Alive000002=");
        ScanPages.stub(dynamoDb, recipients);
        when(managementApi.postToConnection(any(PostToConnectionRequest.class))).thenAnswer(call -> {
            String id = call.<PostToConnectionRequest>getArgument(0).connectionId();
            if (id.startsWith("Gone")) {
                throw GoneException.builder().message("Gone").statusCode(410).build();
            }
            return PostToConnectionResponse.builder().build();
        });

        // when
        var response = handlerWithConcurrency(4).handleRequest(Events.message(SENDER, MESSAGE), context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(dynamoDb, times(2)).deleteItem(delete.capture());
        assertEquals(Set.of("Gone0000001=", "Gone0000002="), Set.copyOf(delete.getAllValues().stream()
                .map(request -> request.key().get("connectionId").s()).toList()));
        delete.getAllValues().forEach(request -> assertEquals("connections", request.tableName()));
        delete.getAllValues().forEach(request -> assertEquals(
                "attribute_not_exists(connectedAt) OR connectedAt < :cutoff", request.conditionExpression()));
        assertTrue(logger.lines().getLast().contains("recipients=5 delivered=3 pruned=2 skipped=0 failed=0"),
                logger.lines().getLast());
    }

    @Test
    void oneRecipientFailingDoesNotStopTheOthersAndIsCounted() {
        // given
        ScanPages.stub(dynamoDb, List.of("Alive000001=", "Busy0000001=", SENDER, "Alive000002="));
        when(managementApi.postToConnection(any(PostToConnectionRequest.class))).thenAnswer(call -> {
            if (call.<PostToConnectionRequest>getArgument(0).connectionId().startsWith("Busy")) {
                throw LimitExceededException.builder().message("Rate exceeded").statusCode(429).build();
            }
            return tracked(() -> { }).answer(call);
        });

        // when
        var response = handlerWithConcurrency(2).handleRequest(Events.message(SENDER, MESSAGE), context);

        // then
        assertEquals(200, response.getStatusCode());
        assertEquals(Set.of("Alive000001=", SENDER, "Alive000002="), Set.copyOf(posted));
        verify(dynamoDb, never()).deleteItem(any(DeleteItemRequest.class));
        assertTrue(logger.lines().stream().anyMatch(line -> line.startsWith("WARN connectionId=Sender00001= ")
                && line.contains("recipient=Busy0000001=") && line.contains("Rate exceeded")), logger.lines()::toString);
        assertTrue(logger.lines().getLast().contains("recipients=4 delivered=3 pruned=0 skipped=0 failed=1"),
                logger.lines().getLast());
    }

    @Test
    void aGoneRecipientIsDeletedOnlyIfItConnectedMoreThan30SecondsAgo() {
        // given a fixed now
        var now = Instant.parse("2026-11-27T13:45:01.123Z");
        ScanPages.stub(dynamoDb, List.of("Gone0000001=", SENDER));
        when(managementApi.postToConnection(any(PostToConnectionRequest.class))).thenAnswer(call -> {
            if (call.<PostToConnectionRequest>getArgument(0).connectionId().startsWith("Gone")) {
                throw GoneException.builder().message("Gone").statusCode(410).build();
            }
            return PostToConnectionResponse.builder().build();
        });
        var handler = new SendMessageHandler(dynamoDb, new ManagementApis(endpoint -> managementApi, null),
                "connections", 4, 10, Duration.ofSeconds(10), Clock.fixed(now, ZoneOffset.UTC),
                new Metrics(new PrintStream(OutputStream.nullOutputStream()), Clock.fixed(now, ZoneOffset.UTC)));

        // when
        handler.handleRequest(Events.message(SENDER, MESSAGE), context);

        // then the delete carries the condition and a cutoff of now - 30 s, in epoch milliseconds
        verify(dynamoDb).deleteItem(delete.capture());
        var request = delete.getValue();
        assertEquals(Map.of("connectionId", AttributeValue.fromS("Gone0000001=")), request.key());
        assertEquals("attribute_not_exists(connectedAt) OR connectedAt < :cutoff", request.conditionExpression());
        assertEquals(Map.of(":cutoff", AttributeValue.fromN(Long.toString(now.toEpochMilli() - 30_000))),
                request.expressionAttributeValues());
        assertTrue(logger.lines().getLast().contains("pruned=1 skipped=0 failed=0"), logger.lines().getLast());
    }

    @Test
    void aGoneRecipientStillInsideConnectIsSkippedNotPrunedAndNotAnError() {
        // given a gone recipient whose row is too young: the condition fails
        ScanPages.stub(dynamoDb, List.of("Young000001=", SENDER, "Alive000001="));
        when(managementApi.postToConnection(any(PostToConnectionRequest.class))).thenAnswer(call -> {
            if (call.<PostToConnectionRequest>getArgument(0).connectionId().startsWith("Young")) {
                throw GoneException.builder().message("Gone").statusCode(410).build();
            }
            return PostToConnectionResponse.builder().build();
        });
        when(dynamoDb.deleteItem(any(DeleteItemRequest.class))).thenThrow(
                ConditionalCheckFailedException.builder().message("The conditional request failed").build());

        // when
        var response = handlerWithConcurrency(2).handleRequest(Events.message(SENDER, MESSAGE), context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(dynamoDb).deleteItem(delete.capture());
        assertEquals("Young000001=", delete.getValue().key().get("connectionId").s());
        assertTrue(logger.lines().getLast().contains("recipients=3 delivered=2 pruned=0 skipped=1 failed=0"),
                logger.lines().getLast());
        assertTrue(logger.lines().stream().noneMatch(line -> line.startsWith("WARN")), logger.lines()::toString);
    }
}
