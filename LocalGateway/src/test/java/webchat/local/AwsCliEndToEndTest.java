package webchat.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webchat.local.testing.TestClient;

/** The real AWS CLI v2 (Debian's awscli, /usr/bin/aws) manages connections on the local gateway unchanged. */
class AwsCliEndToEndTest {

    private static final Path AWS = Path.of("/usr/bin/aws");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static LocalChat chat;

    @TempDir
    static Path home;

    @BeforeAll
    static void startTheChat() throws Exception {
        if (!Files.isExecutable(AWS)) {
            if (TestPaths.inCi()) {
                throw new AssertionError("CI=true but the AWS CLI v2 is missing at " + AWS + " (apt-get install awscli)");
            }
            assumeTrue(false, "AWS CLI v2 not installed at " + AWS + " (apt-get install awscli): skipping the CLI test");
        }
        chat = LocalChat.start(LocalChatOptions.builder(TestPaths.projectRoot()).port(0)
                // The chat's behaviour, not its speed: no broadcast warm-up in SendMessage's priming (it would spend
                // up to 45 s of CPU at every start and for every environment prepared in reserve).
                .parameterOverrides(Map.of("BroadcastPrimingSeconds", "0"))
                .console(System.out::println).build());
    }

    @AfterAll
    static void stopTheChat() {
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void theCliPostsToGetsAndDeletesAConnection() throws Exception {
        Set<String> before = chat.connectionIds();
        try (TestClient client = TestClient.connect(chat.webSocketUrl())) {
            Set<String> ids = new HashSet<>(chat.connectionIds());
            ids.removeAll(before);
            String id = ids.iterator().next();

            CliResult post = aws("post-to-connection", "--connection-id", id,
                    "--cli-binary-format", "raw-in-base64-out", "--data", "from the CLI");
            assertEquals(0, post.exitCode(), post.output());
            assertEquals("from the CLI", client.next(WAIT));

            CliResult get = aws("get-connection", "--connection-id", id);
            assertEquals(0, get.exitCode(), get.output());
            JsonNode info = new ObjectMapper().readTree(get.output());
            assertTrue(info.hasNonNull("ConnectedAt") && info.path("Identity").hasNonNull("SourceIp"), get.output());

            CliResult delete = aws("delete-connection", "--connection-id", id);
            assertEquals(0, delete.exitCode(), delete.output());
            assertTrue(chat.awaitDisconnected(id, WAIT));

            CliResult gone = aws("post-to-connection", "--connection-id", id,
                    "--cli-binary-format", "raw-in-base64-out", "--data", "too late");
            assertFalse(gone.exitCode() == 0);
            assertTrue(gone.output().contains("GoneException"), gone.output());
        }
    }

    private record CliResult(int exitCode, String output) {}

    private static CliResult aws(String operation, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(AWS.toString(), "apigatewaymanagementapi", operation,
                "--endpoint-url", chat.managementEndpoint().toString(), "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + operation + " did not finish: " + output);
        }
        return new CliResult(process.exitValue(), output);
    }
}
