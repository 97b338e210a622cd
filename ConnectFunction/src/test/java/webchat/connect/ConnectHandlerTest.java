package webchat.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class ConnectHandlerTest {

    private static final Instant NOW = Instant.parse("2025-11-25T21:08:50.500Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Mock
    private DynamoDbClient dynamoDb;
    @Mock
    private Context context;
    @Captor
    private ArgumentCaptor<PutItemRequest> put;

    private final RecordingLogger logger = new RecordingLogger();

    @BeforeEach
    void lambdaContext() {
        when(context.getLogger()).thenReturn(logger);
    }

    @Test
    void connectStoresTheIdTheConnectTimeAndAnExpiryTtlSecondsFromNow() {
        // given
        var handler = new ConnectHandler(dynamoDb, "connections", Duration.ofSeconds(7800), CLOCK);

        // when
        var response = handler.handleRequest(Events.connect("AbCdEf12345=", 1764104929012L), context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(dynamoDb).putItem(put.capture());
        assertEquals("connections", put.getValue().tableName());
        assertEquals(Map.of(
                "connectionId", AttributeValue.fromS("AbCdEf12345="),
                "name", AttributeValue.fromS(DisplayName.fallbackFor("AbCdEf12345=")),
                "connectedAt", AttributeValue.fromN("1764104929012"),
                "expiresAt", AttributeValue.fromN(Long.toString(NOW.getEpochSecond() + 7800))),
                put.getValue().item());
    }

    @Test
    void theNameFromTheQueryIsStoredWithTheConnection() {
        // given ?name=%20Ana%20 as API Gateway decodes it
        var handler = new ConnectHandler(dynamoDb, "connections", Duration.ofSeconds(7800), CLOCK);
        var event = Events.connect("AbCdEf12345=", 1764104929012L);
        event.setQueryStringParameters(Map.of("name", " Ana "));

        // when
        handler.handleRequest(event, context);

        // then
        verify(dynamoDb).putItem(put.capture());
        assertEquals(AttributeValue.fromS("Ana"), put.getValue().item().get("name"));
        assertTrue(logger.lines().getFirst().contains("Connected as name=\"Ana\""), logger.lines().getFirst());
    }

    @Test
    void anInvalidNameConnectsUnderTheFallbackAndTheLogSaysWhy() {
        // given a right-to-left override inside the name
        var handler = new ConnectHandler(dynamoDb, "connections", Duration.ofSeconds(7800), CLOCK);
        var event = Events.connect("AbCdEf12345=", 1764104929012L);
        event.setQueryStringParameters(Map.of("name", "evil\u202Egnp.exe"));

        // when
        var response = handler.handleRequest(event, context);

        // then
        assertEquals(200, response.getStatusCode());
        verify(dynamoDb).putItem(put.capture());
        String fallback = DisplayName.fallbackFor("AbCdEf12345=");
        assertEquals(AttributeValue.fromS(fallback), put.getValue().item().get("name"));
        assertEquals(1, logger.lines().size());
        assertTrue(logger.lines().getFirst().contains("Connected as the fallback name " + fallback
                + " (the name contains the invisible or control character U+202E)"), logger.lines().getFirst());
    }

    @Test
    void expiryFollowsTheConfiguredTimeToLiveInEpochSeconds() {
        // given
        var handler = new ConnectHandler(dynamoDb, "connections", Duration.ofSeconds(60), CLOCK);

        // when
        handler.handleRequest(Events.connect("AbCdEf12345=", 1764104929012L), context);

        // then
        verify(dynamoDb).putItem(put.capture());
        assertEquals("1764104990", put.getValue().item().get("expiresAt").n());
    }

    @Test
    void connectRefusesTheHandshakeWhenTheIdCannotBeStored() {
        // given
        when(dynamoDb.putItem(any(PutItemRequest.class)))
                .thenThrow(DynamoDbException.builder().message("Throughput exceeded").statusCode(400).build());
        var handler = new ConnectHandler(dynamoDb, "connections", Duration.ofSeconds(7800), CLOCK);

        // when
        var response = handler.handleRequest(Events.connect("AbCdEf12345=", 1764104929012L), context);

        // then
        assertEquals(500, response.getStatusCode());
        assertEquals(1, logger.lines().size());
        String line = logger.lines().getFirst();
        assertTrue(line.startsWith("ERROR connectionId=AbCdEf12345= routeKey=$connect requestId=req-AbCdEf12345= "),
                line);
        assertTrue(line.contains("Throughput exceeded"), line);
    }

    @Test
    void everyLogLineCarriesConnectionIdRouteKeyAndRequestId() {
        // given
        var handler = new ConnectHandler(dynamoDb, "connections", Duration.ofSeconds(7800), CLOCK);

        // when
        handler.handleRequest(Events.connect("AbCdEf12345=", 1764104929012L), context);

        // then
        assertEquals(1, logger.lines().size());
        assertTrue(logger.lines().getFirst()
                .startsWith("INFO connectionId=AbCdEf12345= routeKey=$connect requestId=req-AbCdEf12345= Connected"));
    }
}
