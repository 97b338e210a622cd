package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webchat.local.gateway.Fixtures.CONNECT;
import static webchat.local.gateway.Fixtures.DISCONNECT;
import static webchat.local.gateway.SignedRequests.signedDelete;
import static webchat.local.gateway.SignedRequests.signedGet;
import static webchat.local.gateway.SignedRequests.signedPost;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

class ConnectionsApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final RecordingInvoker functions = new RecordingInvoker();
    private final HttpClient http = HttpClient.newHttpClient();
    private GatewayServer gateway;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(GatewayConfig config) throws Exception {
        gateway = new GatewayServer(Fixtures.chatApi(), functions, config).start();
    }

    private URI connection(String connectionId) {
        return URI.create(gateway.connectionsUrl() + "/%40connections/"
                + URLEncoder.encode(connectionId, StandardCharsets.UTF_8));
    }

    @Test
    void postWithoutContentTypeToAPercentEncodedIdReachesTheClientAsText() throws Exception {
        start(Fixtures.quietConfig());
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        var response = http.send(signedPost(connection(connectionId), bytes("héllo")),
                HttpResponse.BodyHandlers.ofString());

        assertTrue(connection(connectionId).getRawPath().endsWith("%3D"));
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        assertEquals("héllo", client.nextText());
    }

    @Test
    void postOfBytesThatAreNotUtf8ReachesTheClientAsBinary() throws Exception {
        start(Fixtures.quietConfig());
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();
        var bytes = new byte[] {(byte) 0xff, (byte) 0xfe, 0};

        var response = http.send(signedPost(connection(connectionId), bytes), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertArrayEquals(bytes, client.nextBinary());
    }

    @Test
    void postOfTheFullOneHundredTwentyEightKilobytesIsDelivered() throws Exception {
        start(Fixtures.quietConfig());
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();
        var data = "z".repeat(ManagementApi.MAX_POST_BYTES);

        var response = http.send(signedPost(connection(connectionId), bytes(data)),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals(data, client.nextText());
    }

    @Test
    void postOverOneHundredTwentyEightKilobytesAnswers413() throws Exception {
        start(Fixtures.quietConfig());
        TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        var response = http.send(signedPost(connection(connectionId), new byte[ManagementApi.MAX_POST_BYTES + 1]),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode());
        assertEquals("PayloadTooLargeException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
    }

    @Test
    void getDescribesTheConnection() throws Exception {
        start(Fixtures.quietConfig());
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();
        client.send("{\"action\":\"sendMessage\"}");
        functions.take(Fixtures.SEND_MESSAGE);

        var response = http.send(signedGet(connection(connectionId)),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        var json = new ObjectMapper().readTree(response.body());
        var connectedAt = Instant.parse(json.path("connectedAt").textValue());
        var lastActiveAt = Instant.parse(json.path("lastActiveAt").textValue());
        assertFalse(lastActiveAt.isBefore(connectedAt));
        assertEquals("127.0.0.1", json.path("identity").path("sourceIp").textValue());
        assertEquals("gateway-test", json.path("identity").path("userAgent").textValue());
    }

    @Test
    void deleteClosesTheConnectionRunsDisconnectAndLaterPostsAreGone() throws Exception {
        start(Fixtures.quietConfig());
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();

        var deleted = http.send(signedDelete(connection(connectionId)),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(204, deleted.statusCode());
        assertEquals(1000, client.awaitClosed().statusCode());
        assertTrue(gateway.awaitDisconnected(connectionId, WAIT));
        assertEquals(1000, functions.take(DISCONNECT).context().path("disconnectStatusCode").intValue());
        var posted = http.send(signedPost(connection(connectionId), bytes("late")),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(410, posted.statusCode());
        assertEquals("GoneException", posted.headers().firstValue("x-amzn-ErrorType").orElseThrow());
    }

    @Test
    void postToAConnectionStillInConnectAnswers410() throws Exception {
        start(Fixtures.quietConfig());
        var release = new CountDownLatch(1);
        functions.answer(CONNECT, event -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return RecordingInvoker.success("{\"statusCode\":200}");
        });
        var connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return TestClient.connect(gateway.webSocketUrl());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        var connectionId = functions.take(CONNECT).connectionId();

        var posted = http.send(signedPost(connection(connectionId), bytes("too early")),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(410, posted.statusCode());
        assertEquals("GoneException", posted.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        release.countDown();
        var client = connecting.get(10, TimeUnit.SECONDS);
        assertEquals(200, http.send(signedPost(connection(connectionId), bytes("now")), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        assertEquals("now", client.nextText());
    }

    @Test
    void awsSdkClientPostsAndSeesGoneExceptionForAClosedConnection() throws Exception {
        start(Fixtures.quietConfig());
        var client = TestClient.connect(gateway.webSocketUrl());
        var connectionId = functions.take(CONNECT).connectionId();
        try (var sdk = ApiGatewayManagementApiClient.builder()
                .endpointOverride(gateway.connectionsUrl())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {

            sdk.postToConnection(post -> post.connectionId(connectionId).data(SdkBytes.fromUtf8String("from sdk")));
            assertEquals("from sdk", client.nextText());
            sdk.deleteConnection(delete -> delete.connectionId(connectionId));
            assertTrue(gateway.awaitDisconnected(connectionId, WAIT));

            assertThrows(GoneException.class, () -> sdk.postToConnection(
                    post -> post.connectionId(connectionId).data(SdkBytes.fromUtf8String("late"))));
        }
    }

    @Test
    void wrongStageAnswers403Forbidden() throws Exception {
        start(Fixtures.quietConfig());

        var response = http.send(signedPost(URI.create("http://127.0.0.1:" + gateway.port()
                + "/dev/connections/abc%3D"), bytes("x")), HttpResponse.BodyHandlers.ofString());

        assertEquals(403, response.statusCode());
        assertEquals("ForbiddenException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertEquals("{\"message\":\"Forbidden\"}", response.body());
    }

    @Test
    void managementDelayIsAddedToEveryCall() throws Exception {
        start(Fixtures.quietConfig().withManagementDelay(Duration.ofMillis(300)));

        var started = System.nanoTime();
        var response = http.send(signedGet(connection("NoSuchConnect=")),
                HttpResponse.BodyHandlers.ofString());
        var elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(410, response.statusCode());
        assertTrue(elapsed.compareTo(Duration.ofMillis(300)) >= 0, elapsed.toString());
    }

    @Test
    void httpsPortServesTheApiWithTheGeneratedCertificateAndEventsNameIt(@TempDir Path dir) throws Exception {
        var tls = LocalTls.generate(dir);
        start(Fixtures.quietConfig().withTls(tls));
        TestClient.connect(gateway.webSocketUrl());
        var connect = functions.take(CONNECT);
        var domainName = connect.context().path("domainName").textValue();
        assertEquals("127.0.0.1:" + gateway.tlsPort(), domainName);
        var https = HttpClient.newBuilder().sslContext(tls.clientContext()).build();

        var response = https.send(signedGet(URI.create("https://" + domainName + "/dev/@connections/"
                        + URLEncoder.encode(connect.connectionId(), StandardCharsets.UTF_8))),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"connectedAt\""), response.body());
        assertTrue(tls.jvmOptions().contains("-Djavax.net.ssl.trustStore=" + tls.trustStore()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
