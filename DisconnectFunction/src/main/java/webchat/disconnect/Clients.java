package webchat.disconnect;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the SDK clients once per execution environment: UrlConnectionHttpClient, region from AWS_REGION, the
 * default credentials chain (the one that works under SnapStart). No endpointOverride: the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB keeps working for local runs.
 */
final class Clients {

    private Clients() {
    }

    static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(Environment.required("AWS_REGION")))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
    }
}
