package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.paginators.ScanIterable;

@ExtendWith(MockitoExtension.class)
class SendMessageHandlerTest {

    private static final String SENDER = "Sender00001=";

    @Mock
    private DynamoDbClient dynamoDb;
    @Mock
    private ApiGatewayManagementApiClient managementApi;
    @Mock
    private Context context;
    @Captor
    private ArgumentCaptor<PostToConnectionRequest> post;
    @Captor
    private ArgumentCaptor<ScanRequest> scan;

    private final RecordingLogger logger = new RecordingLogger();
    private SendMessageHandler handler;

    @BeforeEach
    void handler() {
        when(context.getLogger()).thenReturn(logger);
        handler = new SendMessageHandler(dynamoDb, new ManagementApis(endpoint -> managementApi, null), "connections", 8);
    }

    @Test
    void theMessageReachesEveryConnectionOnEveryScanPageTheSenderIncluded() {
        // given three Scan pages
        ScanPages.stub(dynamoDb, List.of("A0000000001=", SENDER), List.of("B0000000001=", "C0000000001="),
                List.of("D0000000001="));

        // when
        var response = handler.handleRequest(Events.message(SENDER, "{\"action\":\"sendMessage\",\"data\":\"héllo\"}"),
                context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(managementApi, times(5)).postToConnection(post.capture());
        assertEquals(List.of("A0000000001=", "B0000000001=", "C0000000001=", "D0000000001=", SENDER),
                post.getAllValues().stream().map(PostToConnectionRequest::connectionId).sorted().toList());
        post.getAllValues().forEach(sent -> assertEquals("héllo", Frames.envelope(sent).get("text")));
        verify(dynamoDb, times(3)).scan(scan.capture());
        for (ScanRequest request : scan.getAllValues()) {
            assertEquals("connections", request.tableName());
            assertEquals("connectionId, #name", request.projectionExpression());
            assertEquals(Map.of("#name", "name"), request.expressionAttributeNames());
        }
        assertEquals(Map.of("connectionId", AttributeValue.fromS(SENDER)), scan.getAllValues().get(1).exclusiveStartKey());
        assertEquals(Map.of("connectionId", AttributeValue.fromS("C0000000001=")),
                scan.getAllValues().get(2).exclusiveStartKey());
    }

    @Test
    void oneLogLineSumsUpTheBroadcast() {
        // given
        ScanPages.stub(dynamoDb, List.of("A0000000001=", SENDER));

        // when
        handler.handleRequest(Events.message(SENDER, "{\"action\":\"sendMessage\",\"data\":\"hi\"}"), context);

        // then
        assertEquals(1, logger.lines().size());
        String line = logger.lines().getFirst();
        assertTrue(line.matches("INFO connectionId=Sender00001= routeKey=sendMessage requestId=req-Sender00001= "
                + "Broadcast recipients=2 delivered=2 pruned=0 skipped=0 failed=0 durationMs=\\d+"), line);
    }

    @Test
    void whenTheConnectionsCannotBeListedTheSenderIsAskedToRetryAndTheAnswerIs500() throws IOException {
        // given
        when(dynamoDb.scanPaginator(any(ScanRequest.class))).thenAnswer(
                call -> new ScanIterable(dynamoDb, call.getArgument(0)));
        when(dynamoDb.scan(any(ScanRequest.class)))
                .thenThrow(DynamoDbException.builder().message("Rate exceeded").statusCode(400).build());

        // when
        var response = handler.handleRequest(Events.message(SENDER, "{\"action\":\"sendMessage\",\"data\":\"hi\"}"),
                context);

        // then
        assertEquals(500, response.getStatusCode());
        verify(managementApi).postToConnection(post.capture());
        assertEquals(SENDER, post.getValue().connectionId());
        Map<String, Object> notice = JSON.std.mapFrom(post.getValue().data().asUtf8String());
        assertEquals("error", notice.get("type"));
        assertEquals("UNAVAILABLE", notice.get("code"));
        assertTrue(((String) notice.get("message")).contains("retry"));
        assertTrue(logger.lines().getFirst().startsWith("ERROR connectionId=Sender00001= "));
        assertTrue(logger.lines().getFirst().contains("Rate exceeded"));
    }

    @Test
    void aScanThatFailsOnALaterPageBroadcastsNothingAtAll() {
        // given a first page, then a failure
        when(dynamoDb.scanPaginator(any(ScanRequest.class))).thenAnswer(
                call -> new ScanIterable(dynamoDb, call.getArgument(0)));
        when(dynamoDb.scan(any(ScanRequest.class)))
                .thenReturn(ScanResponse.builder()
                        .items(List.of(Map.of("connectionId", AttributeValue.fromS("A0000000001="))))
                        .lastEvaluatedKey(Map.of("connectionId", AttributeValue.fromS("A0000000001=")))
                        .build())
                .thenThrow(DynamoDbException.builder().message("Internal error").statusCode(500).build());

        // when
        var response = handler.handleRequest(Events.message(SENDER, "{\"action\":\"sendMessage\",\"data\":\"hi\"}"),
                context);

        // then only the sender hears about it: no half broadcast that a retry would repeat
        assertEquals(500, response.getStatusCode());
        verify(managementApi).postToConnection(post.capture());
        assertEquals(SENDER, post.getValue().connectionId());
        assertTrue(post.getValue().data().asUtf8String().contains("UNAVAILABLE"));
    }
}
