package webchat.defaultroute;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

class PrimingTest {

    /** The API call of a $default invocation, as the loopback stand-in records it (the path as sent), from a sender still there. */
    private static final String TO_SENDER = "POST /priming/@connections/UHJpbWluZw%3D%3D";
    /** ... and from one that has gone: the stand-in answers it 410, as @connections does. */
    private static final String TO_GONE_SENDER = "POST /priming/@connections/"
            + URLEncoder.encode(OfflineAws.GONE_CONNECTION, StandardCharsets.UTF_8);

    @Test
    void primingRunsRealInvocationsWhoseCallsReachOnlyTheLoopbackStandInAndPrintNothing() throws Exception {
        // given: standard output captured, where EMF metric lines would go
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> requests;

        // when
        try {
            requests = Priming.prime(Priming.GONE_EVERY);
        } finally {
            System.setOut(original);
        }

        // then: each invocation made its real calls, all to the stand-in on 127.0.0.1 (gone now), and wrote nothing
        assertEquals(List.of(TO_SENDER, TO_SENDER, TO_SENDER, TO_GONE_SENDER), requests);
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theStandInAnswersAPostToTheGoneSenderAsAtConnectionsDoesAndAcceptsTheOthersOverNewTlsConnections()
            throws Exception {
        try (OfflineAws aws = OfflineAws.start();
                var client = ApiGatewayManagementApiClient.builder()
                        .httpClient(UrlConnectionHttpClient.builder()
                                .tlsTrustManagersProvider(trusting(aws.connectionsTrust())).build())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                        .endpointOverride(URI.create(aws.connectionsEndpoint() + "/priming"))
                        .build()) {
            PostToConnectionRequest.Builder post = PostToConnectionRequest.builder().data(SdkBytes.fromUtf8String("x"));

            assertDoesNotThrow(() -> client.postToConnection(post.connectionId("UHJpbWluZw==").build()));
            assertThrows(GoneException.class,
                    () -> client.postToConnection(post.connectionId(OfflineAws.GONE_CONNECTION).build()));
            assertDoesNotThrow(() -> client.postToConnection(post.connectionId("UHJpbWluZw==").build()));
            assertDoesNotThrow(() -> client.postToConnection(post.connectionId("UHJpbWluZw==").build()));

            // every other answer closed its connection: four posts took two (one connection throughout would be 1)
            assertEquals(2, aws.connectionsApiConnections());
        }
    }

    private static software.amazon.awssdk.http.TlsTrustManagersProvider trusting(javax.net.ssl.TrustManager[] trust) {
        return () -> trust;
    }

    @Test
    void theHooksReturnNormallySoPrimingCanNeverFailAPublishOrARestore() {
        Priming priming = new Priming();

        assertDoesNotThrow(() -> priming.beforeCheckpoint(null));
        assertDoesNotThrow(() -> priming.afterRestore(null));
    }

    @Test
    void clientBuildsUseTheGivenFactoryForEndpointsThatNeverResolveAndLeaveTheSharedHttpClientOpen() {
        // given: a factory like the serving one, whose clients share one HTTP client that records being closed
        var sharedClosed = new java.util.concurrent.atomic.AtomicBoolean();
        var shared = new software.amazon.awssdk.http.SdkHttpClient() {
            private final software.amazon.awssdk.http.SdkHttpClient delegate =
                    software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create();

            @Override
            public software.amazon.awssdk.http.ExecutableHttpRequest prepareRequest(
                    software.amazon.awssdk.http.HttpExecuteRequest request) {
                return delegate.prepareRequest(request);
            }

            @Override
            public void close() {
                sharedClosed.set(true);
                delegate.close();
            }
        };
        List<String> endpoints = new java.util.ArrayList<>();

        // when
        Priming.buildClients(endpoint -> {
            endpoints.add(endpoint);
            return software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient.builder()
                    .httpClient(shared)
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("priming", "priming")))
                    .endpointOverride(java.net.URI.create(endpoint))
                    .build();
        }, Priming.CLIENT_BUILDS);

        // then: one client per endpoint, every endpoint distinct and under .invalid (RFC 6761: never resolves), and
        // closing the clients left the shared HTTP client open
        assertEquals(Priming.CLIENT_BUILDS, endpoints.size());
        assertEquals(Priming.CLIENT_BUILDS, new java.util.HashSet<>(endpoints).size());
        assertEquals(List.of(), endpoints.stream().filter(e -> !java.net.URI.create(e).getHost().endsWith(".invalid"))
                .toList());
        assertEquals(false, sharedClosed.get());
        shared.close();
    }
}
