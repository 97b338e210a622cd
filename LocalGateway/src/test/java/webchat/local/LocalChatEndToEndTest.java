package webchat.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import webchat.local.lambda.Invocation;
import webchat.local.testing.TestClient;

/** The local chat started in its other shapes: a database that is down, a configured endpoint, one-off invocations. */
class LocalChatEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aConnectionThatCannotBeStoredIsRefusedAtTheHandshake() throws Exception {
        // given: DynamoDB goes down after start, so ConnectFunction cannot store the id
        try (LocalChat chat = LocalChat.start(options().build())) {
            chat.dynalite().close();

            // when / then: API Gateway refuses the upgrade with the function's status
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> TestClient.connect(chat.webSocketUrl()));
            WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
            assertEquals(500, handshake.getResponse().statusCode());
            assertTrue(chat.connectionIds().isEmpty());
        }
    }

    @Test
    void aManagementEndpointTakenFromConfigurationCarriesTheBroadcast() throws Exception {
        // given: the template's ManagementEndpoint parameter names the local http endpoint, as for a custom domain
        int port = freePort();
        try (LocalChat chat = LocalChat.start(options().port(port)
                .parameterOverrides(Map.of("ManagementEndpoint", "http://127.0.0.1:" + port + "/dev")).build());
             TestClient alice = TestClient.connect(chat.webSocketUrl());
             TestClient bob = TestClient.connect(chat.webSocketUrl())) {
            assertEquals("http://127.0.0.1:" + port + "/dev",
                    chat.application().functions().get("SendMessageFunction").environment().get("MANAGEMENT_ENDPOINT"));

            alice.sendMessage("configured");

            assertEquals("configured", alice.next(WAIT));
            assertEquals("configured", bob.next(WAIT));
        }
    }

    @ParameterizedTest(name = "{0} with events/{1}")
    @CsvSource({
        "ConnectFunction, connect.json",
        "DisconnectFunction, disconnect.json",
        "DefaultFunction, default.json",
        "SendMessageFunction, sendMessage.json"
    })
    void invokeRunsASampleEventThroughItsFunctionAndReturnsTheResponse(String function, String eventFile)
            throws Exception {
        String event = Files.readString(TestPaths.projectRoot().resolve("events").resolve(eventFile));
        try (LocalChat chat = LocalChat.start(options().port(0).build())) {
            Invocation result = chat.invoke(function, event);

            assertTrue(result.succeeded(), result.outcome() + ": " + result.payload());
            assertEquals(200, JSON.readTree(result.payload()).path("statusCode").asInt(), result.payload());
        }
    }

    private static LocalChatOptions.Builder options() {
        return LocalChatOptions.builder(TestPaths.projectRoot()).port(0).console(System.out::println);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
