package webchat.sendmessage;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the SDK clients: UrlConnectionHttpClient, region from AWS_REGION, the default credentials chain (the one
 * that works under SnapStart). One HTTP client and one credentials provider per execution environment, shared by
 * every client. DynamoDB gets no endpointOverride: the SDK's own AWS_ENDPOINT_URL_DYNAMODB keeps working.
 */
final class Clients {

    static {
        keepConnectionsAlive();
    }

    private static final SdkHttpClient HTTP_CLIENT = UrlConnectionHttpClient.create();
    private static final AwsCredentialsProvider CREDENTIALS = DefaultCredentialsProvider.builder().build();

    private Clients() {
    }

    /**
     * HttpURLConnection keeps at most 5 idle connections per host unless http.maxConnections (read once, when the
     * first connection is made) says more. A broadcast with more posts in flight would then open a new TLS connection
     * for most of its posts; keeping one per concurrent post makes them reuse their connections. Called before any
     * connection is made: by this class's initialisation and by priming.
     */
    static void keepConnectionsAlive() {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(Environment.positiveInt(
                    "BROADCAST_CONCURRENCY", SendMessageHandler.DEFAULT_BROADCAST_CONCURRENCY)));
        }
    }

    static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder()
                .httpClient(HTTP_CLIENT)
                .region(region())
                .credentialsProvider(CREDENTIALS)
                .build();
    }

    /** The @connections API at {@code endpoint}, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/dev. */
    static ApiGatewayManagementApiClient managementApi(String endpoint) {
        return ApiGatewayManagementApiClient.builder()
                .httpClient(HTTP_CLIENT)
                .region(region())
                .credentialsProvider(CREDENTIALS)
                .endpointOverride(URI.create(endpoint))
                .build();
    }

    private static Region region() {
        return Region.of(Environment.required("AWS_REGION"));
    }
}
