package webchat.local.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import webchat.local.dynamodb.Dynalite;
import webchat.local.dynamodb.DynamoDbProxy;
import webchat.local.dynamodb.TableCreator;

/**
 * The DynamoDB endpoint the functions get (a proxy in front of dynalite) refuses web pages and passes the SDK's
 * traffic through unchanged and about as fast as dynalite answers it directly.
 */
class DynamoDbProxyTest {

    private static final String EVIL = "https://evil.example";
    private static final String TABLE = "ProxyTest";
    private static final String PREFLIGHT = "OPTIONS / HTTP/1.1\r\nOrigin: " + EVIL
            + "\r\nAccess-Control-Request-Method: POST"
            + "\r\nAccess-Control-Request-Headers: authorization,content-type,x-amz-target\r\nSec-Fetch-Mode: cors";
    private static final String LIST_TABLES_FROM_A_PAGE = "POST / HTTP/1.1\r\nOrigin: " + EVIL
            + "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables"
            + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/20261127/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=host, Signature=00";

    private static Dynalite dynalite;
    private static DynamoDbProxy proxy;
    private static DynamoDbClient direct;
    private static DynamoDbClient proxied;

    @BeforeAll
    static void startDynaliteBehindTheProxy() throws Exception {
        var packageDir = Path.of(System.getProperty("webchat.projectRoot", "..")).resolve("LocalGateway");
        dynalite = Dynalite.start(packageDir, null, line -> {});
        proxy = DynamoDbProxy.start(dynalite::endpoint);
        direct = TableCreator.localClient(dynalite.endpoint(), "us-east-1");
        proxied = TableCreator.localClient(proxy.endpoint(), "us-east-1");
        proxied.createTable(t -> t.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    }

    @AfterAll
    static void stopThem() {
        direct.close();
        proxied.close();
        proxy.close();
        dynalite.close();
    }

    @Test
    void sdkRequestsPassThroughUnchanged() {
        var text = "héllo " + "x".repeat(100_000);
        proxied.putItem(p -> p.tableName(TABLE).item(Map.of("id", s("a"), "text", s(text))));

        assertEquals(text, proxied.getItem(g -> g.tableName(TABLE).key(Map.of("id", s("a")))).item().get("text").s());
        assertEquals(text, direct.getItem(g -> g.tableName(TABLE).key(Map.of("id", s("a")))).item().get("text").s());
        assertTrue(proxied.listTables().tableNames().contains(TABLE));
    }

    @Test
    void chunkedRequestBodyPassesThrough() throws Exception {
        var port = proxy.endpoint().getPort();
        var chunked = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/x-amz-json-1.0"
                + "\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nX-Amz-Date: 20261127T130000Z"
                + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=local/20261127/us-east-1/dynamodb/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=00\r\nTransfer-Encoding: chunked";

        var answer = RawHttp.send(port, chunked, "1\r\n{\r\n1;ext=1\r\n}\r\n0\r\n\r\n");

        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.body().contains(TABLE), answer.body());
    }

    @Test
    void concurrentSdkCallsThroughTheProxyAllSucceedWithoutRetries() throws Exception {
        // 32 callers at once, as a broadcast's functions are; with retries off, any dropped request would show
        var failures = new AtomicInteger();
        try (var noRetries = DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
             var callers = Executors.newFixedThreadPool(32)) {
            for (int t = 0; t < 32; t++) {
                var caller = t;
                callers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            putGet(noRetries, "concurrent-" + caller + "-" + i);
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
        }

        assertEquals(0, failures.get());
    }

    @Test
    void corsPreflightFromAWebPageGetsNoAllowHeaders() throws Exception {
        var port = proxy.endpoint().getPort();
        var refused = RawHttp.send(port, PREFLIGHT + "\r\nHost: 127.0.0.1:" + port, "");

        assertEquals(403, refused.status());
        assertTrue(refused.headers().keySet().stream().noneMatch(name -> name.startsWith("access-control-")),
                refused.headers().toString());
        // dynalite alone would allow any page (Access-Control-Allow-Origin: *); its own port is guarded too
        var direct = RawHttp.send(dynalite.endpoint().getPort(),
                PREFLIGHT + "\r\nHost: 127.0.0.1:" + dynalite.endpoint().getPort(), "");
        assertEquals(403, direct.status());
        assertNull(direct.header("Access-Control-Allow-Origin"));
    }

    @Test
    void requestsCarryingAnOriginAreRefused() throws Exception {
        var port = proxy.endpoint().getPort();

        var listTables = RawHttp.send(port, LIST_TABLES_FROM_A_PAGE + "\r\nHost: 127.0.0.1:" + port, "{}");
        var simplePost = RawHttp.send(port, "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: " + EVIL
                + "\r\nContent-Type: text/plain;charset=UTF-8", "{}");

        assertEquals(403, listTables.status());
        assertTrue(listTables.body().contains("does not answer web pages"), listTables.body());
        assertNull(listTables.header("Access-Control-Allow-Origin"));
        assertEquals(403, simplePost.status());
    }

    @Test
    void foreignHostIsRefused() throws Exception {
        var port = proxy.endpoint().getPort();
        var rebound = "POST / HTTP/1.1\r\nHost: rebind.evil.example:" + port
                + "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables";

        assertEquals(403, RawHttp.send(port, rebound, "{}").status());
    }

    @Test
    void putAndGetThroughTheProxyAreAboutAsFastAsDirect() {
        // warm both paths (connections, JIT); then alternate pair by pair, so that load from other processes falls
        // on both alike, and compare medians, which one descheduled moment cannot move
        for (int i = 0; i < 200; i++) {
            putGet(direct, "warm-direct-" + i);
            putGet(proxied, "warm-proxied-" + i);
        }
        var pairs = 1000;
        var directNanos = new long[pairs];
        var proxiedNanos = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            directNanos[i] = putGet(direct, "direct-" + i);
            proxiedNanos[i] = putGet(proxied, "proxied-" + i);
        }
        var ratio = (double) median(proxiedNanos) / median(directNanos);
        System.out.printf("DynamoDB proxy: %d PutItem + GetItem pairs, median pair direct %.3f ms, through the proxy"
                        + " %.3f ms, ratio %.3f (totals %d ms and %d ms)%n", pairs, median(directNanos) / 1e6,
                median(proxiedNanos) / 1e6, ratio, sum(directNanos) / 1_000_000, sum(proxiedNanos) / 1_000_000);
        assertTrue(ratio < 1.5, "the proxy made the SDK's calls " + ratio + " times slower");
    }

    private static long putGet(DynamoDbClient client, String id) {
        var started = System.nanoTime();
        var key = Map.of("id", s(id));
        var item = Map.of("id", s(id), "n", s("value of " + id));
        client.putItem(p -> p.tableName(TABLE).item(item));
        client.getItem(g -> g.tableName(TABLE).key(key));
        return System.nanoTime() - started;
    }

    private static long median(long[] values) {
        var sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long sum(long[] values) {
        return java.util.Arrays.stream(values).sum();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
