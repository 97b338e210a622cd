package webchat.local.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import webchat.local.gateway.GatewayConfig;
import webchat.local.gateway.GatewayServer;
import webchat.local.gateway.LocalAccess;
import webchat.local.gateway.LocalTls;
import webchat.local.lambda.Invocation;
import webchat.local.template.Route;
import webchat.local.template.WebSocketApi;
import webchat.local.testing.TestClient;

/**
 * The local gateway refuses what a web page the developer visits could send it (requests shaped as a browser sends
 * them, on a plain socket), and answers what the developer's own tools and pages send.
 */
class LocalGatewayAccessTest {

    private static final Duration QUIET = Duration.ofMillis(700);
    private static final String EVIL = "https://evil.example";
    private static final List<String> CONSOLE = new CopyOnWriteArrayList<>();
    private static Path tlsDir;
    private static LocalTls tls;
    private static GatewayServer gateway;
    private static int port;

    @BeforeAll
    static void startTheGateway() throws Exception {
        tlsDir = Files.createTempDirectory("webchat-security-");
        tls = LocalTls.generate(tlsDir);
        gateway = start(LocalAccess.loopbackOnly());
        port = gateway.port();
    }

    @AfterAll
    static void stopTheGateway() throws Exception {
        gateway.close();
        try (var files = Files.walk(tlsDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static GatewayServer start(LocalAccess access) throws Exception {
        var routes = new LinkedHashMap<String, Route>();
        routes.put("$connect", new Route("$connect", "Connect", false));
        routes.put("$default", new Route("$default", "Default", false));
        var api = new WebSocketApi("ChatApi", "a1b2c3d4e5", "chat", "$request.body.action", "dev", routes);
        var config = GatewayConfig.defaults().withConsole(CONSOLE::add).withTls(tls)
                .withWebRoot(Path.of(System.getProperty("webchat.projectRoot", "..")).resolve("web"));
        return new GatewayServer(api, (function, event) -> new Invocation("r", Invocation.Outcome.SUCCESS,
                "{\"statusCode\":200}"), config, access).start();
    }

    @Test
    void webSocketHandshakeForAForeignHostIsRefusedAndTheConsoleSaysHowToAllowIt() throws Exception {
        // a page on rebind.evil.example whose name now resolves to 127.0.0.1 (DNS rebinding) sends its own name
        var host = "rebind.evil.example:" + port;
        var answer = RawHttp.send(port, RawHttp.handshake("/dev", host, "http://" + host), "");

        assertEquals(403, answer.status());
        assertTrue(gateway.connectionIds().isEmpty());
        assertTrue(CONSOLE.stream().anyMatch(line -> line.contains("Host " + host)
                && line.contains("--allowed-host rebind.evil.example")), CONSOLE.toString());
    }

    @Test
    void webPageAndConnectionsApiForAForeignHostAreRefusedOnBothPorts() throws Exception {
        assertEquals(403, RawHttp.send(port, "GET / HTTP/1.1\r\nHost: rebind.evil.example:" + port, "").status());
        assertEquals(403, RawHttp.send(port, "POST /dev/@connections/abc%3D HTTP/1.1\r\nHost: rebind.evil.example:"
                + port + "\r\nContent-Type: text/plain", "hello").status());
        assertEquals(403, RawHttp.sendTls(tls.clientContext(), gateway.tlsPort(),
                "GET /dev/@connections/abc%3D HTTP/1.1\r\nHost: rebind.evil.example:" + gateway.tlsPort(), "").status());
        assertEquals(403, RawHttp.send(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + (port == 1 ? 2 : 1), "").status(),
                "the right name with another port");
    }

    @Test
    void loopbackNamesWithTheGatewaysPortAreAnswered() throws Exception {
        for (var host : List.of("127.0.0.1", "localhost", "LOCALHOST", "[::1]")) {
            var answer = RawHttp.send(port, "GET / HTTP/1.1\r\nHost: " + host + ":" + port, "");
            assertEquals(200, answer.status(), host);
        }
    }

    @Test
    void webSocketHandshakeFromAForeignOriginOrANullOriginIsRefused() throws Exception {
        var host = "127.0.0.1:" + port;

        assertEquals(403, RawHttp.send(port, RawHttp.handshake("/dev", host, EVIL), "").status());
        assertEquals(403, RawHttp.send(port, RawHttp.handshake("/dev", host, "null"), "").status());
        assertEquals(403, RawHttp.send(port, RawHttp.handshake("/dev", host, "http://localhost.evil.example"), "")
                .status());

        assertTrue(gateway.connectionIds().isEmpty());
        assertTrue(CONSOLE.stream().anyMatch(line -> line.contains("WebSocket connection from the web page at " + EVIL)
                && line.contains("--allow-origin " + EVIL)), CONSOLE.toString());
    }

    @Test
    void webSocketHandshakeWithoutOriginFromLocalPagesAndFromTheGatewaysOwnPageIsAccepted() throws Exception {
        var host = "127.0.0.1:" + port;
        for (var origin : new String[] {null, "http://127.0.0.1:" + port, "http://localhost:5173",
                "http://127.0.0.1:8080", "http://[::1]:3000"}) {
            assertEquals(101, RawHttp.send(port, RawHttp.handshake("/dev", host, origin), "").status(), origin);
        }
        try (var client = TestClient.connect(gateway.webSocketUrl())) {
            assertTrue(client.socket() != null, "the JDK client (no Origin) connects");
        }
    }

    @Test
    void crossSiteSimplePostToConnectionsIsRefusedAndDeliversNothing() throws Exception {
        try (var victim = TestClient.connect(gateway.webSocketUrl())) {
            var id = URLEncoder.encode(onlyConnection(), StandardCharsets.UTF_8);
            // what fetch(url, {method: "POST", mode: "no-cors", body: "..."}) sends from https://evil.example
            var simplePost = "POST /dev/@connections/" + id + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nOrigin: " + EVIL + "\r\nContent-Type: text/plain;charset=UTF-8\r\nSec-Fetch-Mode: no-cors";
            // a local page (its origin may open a WebSocket) forging a presigned query is refused all the same
            var forgedPresigned = "POST /dev/@connections/" + id + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                    + "local%2F20261127%2Fus-east-1%2Fexecute-api%2Faws4_request&X-Amz-Date=20261127T130000Z"
                    + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + "0".repeat(64) + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port + "\r\nOrigin: http://localhost:5173\r\nContent-Type: text/plain";

            assertEquals(403, RawHttp.send(port, simplePost, "injected by a web page you visited").status());
            var forged = RawHttp.send(port, forgedPresigned, "injected by a web page you visited");

            assertEquals(403, forged.status());
            assertEquals("ForbiddenException", forged.header("x-amzn-ErrorType"));
            assertNull(victim.poll(QUIET), "the connected client received a web page's text");
        }
    }

    @Test
    void unsignedRequestGetsApiGatewaysMissingAuthenticationTokenAnswer() throws Exception {
        var answer = RawHttp.send(port, "POST /dev/@connections/abc%3D HTTP/1.1\r\nHost: 127.0.0.1:" + port, "x");

        assertEquals(403, answer.status());
        assertEquals("MissingAuthenticationTokenException", answer.header("x-amzn-ErrorType"));
        assertEquals("application/json", answer.header("Content-Type"));
        assertTrue(answer.header("x-amzn-RequestId") != null);
        assertEquals("{\"message\":\"Missing Authentication Token\"}", answer.body());
    }

    /**
     * The SDK takes the error code from {@code x-amzn-ErrorType} (aws/aws-sdk-java-v2, core/protocols/
     * aws-json-protocol/.../unmarshall/JsonErrorCodeParser.java) and the message from the body's {@code message};
     * the code is not one the @connections model declares, so it surfaces as the service's base exception.
     */
    @Test
    void awsSdkThatSignsNothingSeesMissingAuthenticationTokenAs403() {
        try (var sdk = ApiGatewayManagementApiClient.builder().endpointOverride(gateway.connectionsUrl())
                .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).build()) {

            var error = assertThrows(ApiGatewayManagementApiException.class, () -> sdk.postToConnection(
                    post -> post.connectionId("abc=").data(SdkBytes.fromUtf8String("x"))));

            assertEquals(403, error.statusCode());
            assertEquals("MissingAuthenticationTokenException", error.awsErrorDetails().errorCode());
            assertEquals("Missing Authentication Token", error.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void authorizationThatIsNotSigV4GetsIncompleteSignature() throws Exception {
        var answer = RawHttp.send(port, "GET /dev/@connections/abc%3D HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAuthorization: Bearer abc", "");

        assertEquals(403, answer.status());
        assertEquals("IncompleteSignatureException", answer.header("x-amzn-ErrorType"));
        assertTrue(answer.body().contains("Authorization header requires 'Credential' parameter."), answer.body());
    }

    @Test
    void presignedRequestWithoutOriginIsAccepted() throws Exception {
        try (var client = TestClient.connect(gateway.webSocketUrl())) {
            var uri = URI.create(gateway.connectionsUrl() + "/%40connections/"
                    + URLEncoder.encode(onlyConnection(), StandardCharsets.UTF_8));
            var presigned = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create("local", "local"))
                    .request(SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.POST).build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));
            var request = java.net.http.HttpRequest.newBuilder(presigned.request().getUri())
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("presigned")).build();

            var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("presigned", client.next(Duration.ofSeconds(10)));
        }
    }

    @Test
    void allowedHostAndAllowedOriginsAreAnswered() throws Exception {
        var relaxed = start(new LocalAccess(List.of("chat.test"), List.of("https://front.example", "null")));
        try {
            var p = relaxed.port();
            assertEquals(200, RawHttp.send(p, "GET / HTTP/1.1\r\nHost: chat.test:" + p, "").status());
            assertEquals(101, RawHttp.send(p, RawHttp.handshake("/dev", "127.0.0.1:" + p, "https://front.example"), "")
                    .status());
            assertEquals(101, RawHttp.send(p, RawHttp.handshake("/dev", "127.0.0.1:" + p, "null"), "").status());
            assertEquals(403, RawHttp.send(p, RawHttp.handshake("/dev", "127.0.0.1:" + p, EVIL), "").status());
        } finally {
            relaxed.close();
        }
    }

    private static String onlyConnection() throws InterruptedException {
        for (int i = 0; i < 100 && gateway.connectionIds().isEmpty(); i++) {
            Thread.sleep(50);
        }
        var ids = new HashSet<>(gateway.connectionIds());
        assertEquals(1, ids.size(), ids.toString());
        return ids.iterator().next();
    }
}
