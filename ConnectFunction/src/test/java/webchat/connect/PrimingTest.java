package webchat.connect;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
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

    /** The API calls of one $connect invocation, as the loopback stand-in records them. */
    private static final List<String> ONE_INVOCATION = List.of("PutItem");

    @Test
    void primingRunsRealInvocationsWhoseCallsReachOnlyTheLoopbackStandInAndPrintNothing() throws Exception {
        // given: standard output captured, where EMF metric lines would go
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
}
