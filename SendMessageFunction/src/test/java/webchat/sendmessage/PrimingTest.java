package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PrimingTest {

    /** The broadcast of one sendMessage invocation, as the loopback stand-in records it (each post's path as sent). */
    private static final List<String> BROADCAST = List.of("Scan", "POST /priming/@connections/UHJpbWluZw%3D%3D",
            "POST /priming/@connections/R29uZVByaW1pbmc%3D", "DeleteItem");

    @Test
    void primingRunsRealInvocationsWhoseCallsReachOnlyTheLoopbackStandInAndPrintNothing() throws Exception {
        // given: standard output captured, where EMF metric lines would go; the runtime's global logger
        LambdaLogger served = LambdaRuntime.getLogger();
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> requests;

        // when
        try {
            requests = Priming.prime(2);
        } finally {
            System.setOut(original);
        }

        // then: each invocation made its real calls, all to the stand-in on 127.0.0.1 (gone now), and wrote nothing:
        // the first message opened a rate-limit window (its count in the open window failed its condition), the
        // second was counted in it; both broadcasts posted to the sender and pruned the recipient that had gone
        List<String> expected = new ArrayList<>(List.of("UpdateItem", "UpdateItem"));
        expected.addAll(BROADCAST);
        expected.add("UpdateItem");
        expected.addAll(BROADCAST);
        assertEquals(expected, requests);
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
        assertSame(served, LambdaRuntime.getLogger(), "priming put the runtime's logger back");
    }

    @Test
    void primingInvocationsOpenNewConnectionsAsARestoredEnvironmentsFirstCallsDo() throws Exception {
        // given: the stand-in of priming's invocations, and a handler with one post in flight
        try (OfflineAws aws = OfflineAws.start(); var handler = PrimingHandler.create(aws, 1)) {

            // when: four invocations (each a rate-limit update or two, a Scan, two posts and a prune)
            for (int i = 0; i < 4; i++) {
                handler.invoke("priming-" + i);
            }

            // then: every other answer closed its connection, so the clients opened new ones to both stand-ins
            // (a client that reused one connection throughout would show 1 each)
            assertTrue(aws.dynamoDbConnections() >= 5, "DynamoDB connections: " + aws.dynamoDbConnections());
            assertTrue(aws.connectionsApiConnections() >= 4,
                    "@connections connections: " + aws.connectionsApiConnections());
        }
    }

    @Test
    void theWarmUpsPostsReuseTheirConnectionsButOneAnswerInWarmUpCloseEveryClosesItsOwn() throws Exception {
        // given: the broadcast warm-up's stand-in, and a handler with one post in flight (one connection at a time)
        try (OfflineAws aws = OfflineAws.start(BroadcastWarmUp.RECIPIENTS, false);
                var handler = PrimingHandler.create(aws, 1)) {

            // when: two warm-up invocations of BroadcastWarmUp.RECIPIENTS posts each
            handler.invoke("priming-broadcast-0");
            handler.invoke("priming-broadcast-1");

            // then: a new connection for the first post and after each closing answer, reused in between (a stand-in
            // that kept every connection would show 1, one that closed every one would show a connection per post)
            long posts = 2L * BroadcastWarmUp.RECIPIENTS;
            assertEquals(posts, aws.posts());
            assertEquals(posts / OfflineAws.WARM_UP_CLOSE_EVERY, aws.connectionsApiConnections());
        }
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

    @Test
    void thePrimingEventHasEveryFieldOfTheSampleEventSoTheFirstRealOneTakesNoUnprimedPath() throws IOException {
        // given: events/sendMessage.json, a sendMessage event as API Gateway sends it
        Path sample = Path.of("..", "events", "sendMessage.json");
        assumeTrue(Files.isRegularFile(sample), "no ../events/ beside this folder (built alone, as sam build does)");

        // when
        var primed = fieldPaths(JSON.std.mapFrom(PrimingHandler.EVENT), "");
        var sent = fieldPaths(JSON.std.mapFrom(Files.readString(sample)), "");

        // then
        assertEquals(sent, primed);
    }

    /** Every field's dotted path in a JSON object, nested objects included. */
    private static Set<String> fieldPaths(Map<?, ?> object, String prefix) {
        Set<String> paths = new TreeSet<>();
        object.forEach((name, value) -> {
            paths.add(prefix + name);
            if (value instanceof Map<?, ?> nested) {
                paths.addAll(fieldPaths(nested, prefix + name + "."));
            }
        });
        return paths;
    }

    @Test
    void primingLogsThroughTheRuntimesOwnLoggerInTheFormatLambdaSetsAndPrintsNothing() throws Exception {
        // given: AWS_LAMBDA_LOG_FORMAT=JSON and AWS_LAMBDA_LOG_LEVEL=INFO (surefire sets them as Lambda does for the
        // template), standard output and error captured
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        LambdaLogger logger;

        // when: a line at INFO, one at DEBUG, and the served logger's class name
        System.setOut(capture);
        System.setErr(capture);
        try {
            logger = PrimingLogger.runtimeLogger(line -> lines.add(new String(line, StandardCharsets.UTF_8)));
            logger.log("A line as the handler logs it", LogLevel.INFO);
            logger.log("below the level", LogLevel.DEBUG);
            PrimingLogger.create().log("dropped", LogLevel.INFO);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        // then: the runtime's logger formatted the INFO line as JSON and filtered the DEBUG one; nothing was printed
        assertEquals("com.amazonaws.services.lambda.runtime.api.client.logging.LambdaContextLogger",
                logger.getClass().getName());
        assertEquals(1, lines.size(), lines.toString());
        Map<String, Object> line = JSON.std.mapFrom(lines.get(0));
        assertEquals("A line as the handler logs it", line.get("message"));
        assertEquals("INFO", line.get("level"));
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }
}
