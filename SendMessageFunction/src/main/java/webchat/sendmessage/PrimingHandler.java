package webchat.sendmessage;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A second {@link SendMessageHandler} for priming, built like the serving one (UrlConnectionHttpClient, the region
 * from AWS_REGION, a default credentials chain) but with clients of its own that talk to {@link OfflineAws}, EMF lines
 * that go nowhere, and {@code concurrency} posts in flight. Closing it closes its clients and credentials chain.
 */
final class PrimingHandler implements AutoCloseable {

    /**
     * A sendMessage event as API Gateway sends it to a client that sent a User-Agent (every browser does). Every field
     * the real events have must be here: a field priming never parsed takes the runtime's deserializer down code the
     * JIT left out, and the first real event deoptimises it (-Xlog:deoptimization, 2026-11-28).
     */
    static final String EVENT = """
            {"requestContext":{"routeKey":"sendMessage","messageId":"UHJpbWluZw=","eventType":"MESSAGE",
              "extendedRequestId":"UHJpbWluZw=","requestTime":"25/Nov/2025:21:11:47 +0000","messageDirection":"IN",
              "stage":"priming","connectedAt":1764104929012,"requestTimeEpoch":1764105107864,
              "identity":{"sourceIp":"203.0.113.10","userAgent":"priming"},"requestId":"UHJpbWluZw=",
              "domainName":"priming.invalid","connectionId":"UHJpbWluZw==","apiId":"priming"},
             "body":"{\\"action\\":\\"sendMessage\\",\\"data\\":\\"hello, world\\",\\"clientMessageId\\":\\"c1\\"}",
             "isBase64Encoded":false}""";

    private final DefaultCredentialsProvider credentials;
    private final DynamoDbClient dynamoDb;
    private final ApiGatewayManagementApiClient connections;
    private final RuntimeInvocations runtime;

    private PrimingHandler(DefaultCredentialsProvider credentials, DynamoDbClient dynamoDb,
            ApiGatewayManagementApiClient connections, int concurrency) throws ReflectiveOperationException {
        this.credentials = credentials;
        this.dynamoDb = dynamoDb;
        this.connections = connections;
        Clock clock = Clock.systemUTC();
        var handler = new SendMessageHandler(dynamoDb, new ManagementApis(endpoint -> connections, "priming"),
                "priming", concurrency, SendMessageHandler.DEFAULT_SEND_RATE_LIMIT,
                Duration.ofSeconds(SendMessageHandler.DEFAULT_SEND_RATE_WINDOW_SECONDS), clock,
                new Metrics(new PrintStream(OutputStream.nullOutputStream()), clock));
        this.runtime = OfflineAws.runtime(handler);
    }

    static PrimingHandler create(OfflineAws aws, int concurrency)
            throws GeneralSecurityException, ReflectiveOperationException {
        Clients.keepConnectionsAlive();
        Region region = Region.of(Environment.required("AWS_REGION"));
        var credentials = DefaultCredentialsProvider.builder().build();
        DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(region)
                .credentialsProvider(credentials)
                .endpointOverride(aws.endpoint())
                .build();
        // The stand-in's certificate is its own (LoopbackTls): this client, used only for the loopback stand-in and
        // closed before the snapshot, trusts that one certificate, checked as the serving client checks real ones.
        TrustManager[] trust = aws.connectionsTrust();
        SdkHttpClient trustingLoopback = UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trust)
                .build();
        ApiGatewayManagementApiClient connections = ApiGatewayManagementApiClient.builder()
                .httpClient(trustingLoopback)
                .region(region)
                .credentialsProvider(credentials)
                .endpointOverride(URI.create(aws.connectionsEndpoint() + "/priming"))
                .build();
        try {
            return new PrimingHandler(credentials, dynamoDb, connections, concurrency);
        } catch (ReflectiveOperationException | RuntimeException e) {
            connections.close();
            dynamoDb.close();
            credentials.close();
            throw e;
        }
    }

    /** One sendMessage invocation, through the runtime's own invocation code ({@link OfflineAws#invoke}). */
    void invoke(String requestId) throws Exception {
        OfflineAws.invoke(runtime, EVENT, requestId);
    }

    @Override
    public void close() {
        connections.close();
        dynamoDb.close();
        credentials.close();
    }
}
