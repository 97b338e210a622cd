package webchat.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webchat.local.dynamodb.Dynalite;
import webchat.local.testing.TestClient;

/**
 * DynamoDB stops for a few seconds and comes back. dynalite keeps its tables in a data folder, so the restarted
 * server has the same table with the same connection ids (in memory the table would be gone: the connected clients
 * would silently drop out of every broadcast). A relay with a fixed port stands in front of it, because the function
 * JVMs keep the endpoint they were started with and a new dynalite gets a new port.
 */
class DynamoDbOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private Dynalite dynalite;
    private TcpRelay relay;
    private ReliabilityChat chat;

    @AfterEach
    void stopEverything() throws Exception {
        if (chat != null) {
            chat.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }

    @Test
    void sendsDuringAnOutageGetAClearErrorAndServiceResumesByItselfAfterTheRestart() throws Exception {
        // given a chat whose DynamoDB is dynalite with a data folder, behind a relay, and two warm clients
        Path packageDir = ReliabilityChat.projectRoot().resolve("LocalGateway");
        dynalite = Dynalite.start(packageDir, dataDir, line -> {});
        relay = new TcpRelay(dynalite.endpoint().getPort());
        URI endpoint = URI.create("http://127.0.0.1:" + relay.port());
        chat = ReliabilityChat.start(o -> o.dynamoDbEndpoint(endpoint));
        try (TestClient alice = TestClient.connect(chat.http, chat.chat.webSocketUrl());
             TestClient bob = TestClient.connect(chat.http, chat.chat.webSocketUrl())) {
            alice.sendMessage("before");
            assertEquals("before", alice.nextText(WAIT));
            assertEquals("before", bob.nextText(WAIT));

            // when DynamoDB stops and alice sends during the outage
            dynalite.close();
            relay.retarget(0);
            alice.sendMessage("during");

            // then alice gets a clear error, bob gets nothing, and the gateway still answers
            String error = alice.poll(WAIT);
            assertNotNull(error, "no answer to a send during the outage\n" + chat.recentConsole());
            assertTrue(isClearError(error), "not a clear error: " + error);
            assertEquals(List.of(), bob.drain(Duration.ofMillis(300)));
            assertTrue(chat.chat.connectionIds().size() >= 2, "the gateway dropped its connections");

            // when DynamoDB comes back (same data folder, new port behind the same relay endpoint)
            dynalite = Dynalite.start(packageDir, dataDir, line -> {});
            relay.retarget(dynalite.endpoint().getPort());

            // then the next message reaches both, with no restart of the gateway or the functions
            alice.sendMessage("after");
            assertEquals("after", alice.nextText(WAIT), chat.recentConsole());
            assertEquals("after", bob.nextText(WAIT));
        }
    }

    /** The sendMessage UNAVAILABLE notice, or API Gateway's Internal server error. */
    private static boolean isClearError(String frame) throws Exception {
        JsonNode json = JSON.readTree(frame);
        return ("error".equals(json.path("type").asText()) && "UNAVAILABLE".equals(json.path("code").asText())
                && !json.path("message").asText().isBlank())
                || "Internal server error".equals(json.path("message").asText());
    }
}
