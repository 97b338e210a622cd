package webchat.disconnect;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

class PrimingTest {

    /** The API calls of one $disconnect invocation, as the loopback stand-in records them. */
    private static final List<String> ONE_INVOCATION = List.of("DeleteItem");

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
            requests = Priming.prime(3);
        } finally {
            System.setOut(original);
        }

        // then: each invocation made its real calls, all to the stand-in on 127.0.0.1 (gone now), and wrote nothing
        assertEquals(Collections.nCopies(3, ONE_INVOCATION).stream().flatMap(List::stream).toList(), requests);
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
        assertSame(served, LambdaRuntime.getLogger(), "priming put the runtime's logger back");
    }

    @Test
    void theStandInsDynamoDbAnswersCarryTheCrc32DynamoDbSendsAndTheSdkChecksIt() throws Exception {
        try (OfflineAws aws = OfflineAws.start();
                var client = DynamoDbClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                        .endpointOverride(aws.endpoint())
                        .build()) {
            HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(aws.endpoint())
                    .header("X-Amz-Target", "DynamoDB_20120810.PutItem").POST(BodyPublishers.ofString("{}")).build(),
                    BodyHandlers.ofByteArray());
            CRC32 crc32 = new CRC32();
            crc32.update(answer.body());

            assertEquals(Optional.of(Long.toString(crc32.getValue())), answer.headers().firstValue("x-amz-crc32"));
            assertDoesNotThrow(() -> client.putItem(PutItemRequest.builder().tableName("priming")
                    .item(Map.of("connectionId", AttributeValue.fromS("UHJpbWluZw=="))).build()));
        }
    }

    @Test
    void theHooksReturnNormallySoPrimingCanNeverFailAPublishOrARestore() {
        Priming priming = new Priming();

        assertDoesNotThrow(() -> priming.beforeCheckpoint(null));
        assertDoesNotThrow(() -> priming.afterRestore(null));
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
        assertTrue(lines.get(0).startsWith("{") && lines.get(0).endsWith("}\n"), lines.get(0));
        assertTrue(lines.get(0).contains("\"message\":\"A line as the handler logs it\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"level\":\"INFO\""), lines.get(0));
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }
}
