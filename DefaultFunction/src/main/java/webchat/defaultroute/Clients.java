package webchat.defaultroute;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * Builds the SDK clients: UrlConnectionHttpClient, region from AWS_REGION, the default credentials chain (the one
 * that works under SnapStart). One HTTP client and one credentials provider per execution environment, shared by
 * the management API clients of every endpoint.
 */
final class Clients {

    private static final SdkHttpClient HTTP_CLIENT = UrlConnectionHttpClient.create();
    private static final AwsCredentialsProvider CREDENTIALS = DefaultCredentialsProvider.builder().build();

    private Clients() {
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
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("Environment variable AWS_REGION is not set");
        }
        return Region.of(region.strip());
    }
}
