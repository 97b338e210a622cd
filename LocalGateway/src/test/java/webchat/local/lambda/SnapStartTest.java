package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webchat.local.lambda.Invocation.Outcome;
import webchat.local.template.LambdaFunction;

/**
 * The SnapStart lifecycle in the local runtime, with a fixture handler that registers an org.crac hook in its
 * constructor and the official runtime interface client in a real JVM.
 */
class SnapStartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DUMMY_CREDENTIALS = Map.of(
            "AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "local-dummy-key",
            "AWS_SECRET_ACCESS_KEY", "local-dummy-secret", "AWS_EC2_METADATA_DISABLED", "true");

    @TempDir
    static Path folder;

    @TempDir
    Path markers;

    private final RecordingConsole console = new RecordingConsole();

    @BeforeAll
    static void compileFixtureHandlers() throws IOException {
        FixtureFunction.compileInto(folder);
    }

    @Test
    void beforeCheckpointRunsWhenTheVersionIsPublishedAndAfterRestoreBeforeTheFirstInvocationIsServed()
            throws Exception {
        // given
        LambdaFunction hooked = hooked(Map.of("HOOK_MARKERS", markers.toString()));
        List<InvocationReport> reports = new CopyOnWriteArrayList<>();
        try (FunctionPool pool = new FunctionPool(Map.of("Hooked", hooked), config())) {
            pool.addReportListener(reports::add);

            // when the version is published
            List<PublishedVersion> versions = pool.publishVersions();

            // then init and beforeCheckpoint ran, and the environment waits at the snapshot point
            assertTrue(versions.getFirst().published(), versions.toString());
            assertAll(
                    () -> assertTrue(Files.exists(markers.resolve("constructed"))),
                    () -> assertTrue(Files.exists(markers.resolve("beforeCheckpoint"))),
                    () -> assertFalse(Files.exists(markers.resolve("afterRestore"))),
                    () -> assertFalse(Files.exists(markers.resolve("invoked"))));
            assertEquals(1, console.linesContaining("INIT_REPORT Init Duration: ").size());

            // when it is first used, and then again
            Invocation first = pool.invoke("Hooked", "{}");
            Invocation second = pool.invoke("Hooked", "{}");

            // then afterRestore ran before the first invocation was served, in the same (restored) JVM
            assertEquals(Outcome.SUCCESS, first.outcome(), first.payload());
            JsonNode response = JSON.readTree(first.payload());
            assertEquals(List.of("constructed", "beforeCheckpoint", "afterRestore", "invoked"),
                    strings(response.get("timeline")));
            assertEquals("snap-start", response.at("/environment/AWS_LAMBDA_INITIALIZATION_TYPE").asText());
            assertEquals("1", response.at("/environment/AWS_LAMBDA_FUNCTION_VERSION").asText());
            assertEquals(5, JSON.readTree(second.payload()).get("timeline").size(), "no second restore");
            // and the REPORT lines are a restored function's: Restore Duration, never Init Duration
            assertAll(
                    () -> assertNull(reports.get(0).initDurationMs()),
                    () -> assertTrue(reports.get(0).restoreDurationMs() >= 0),
                    () -> assertNull(reports.get(1).restoreDurationMs()),
                    () -> assertTrue(console.linesContaining("Restore Duration: ").getFirst()
                            .contains("\tBilled Restore Duration: ")),
                    () -> assertTrue(console.linesContaining("Init Duration").stream()
                            .allMatch(line -> line.contains("INIT_REPORT"))),
                    () -> assertEquals(2, console.linesContaining("Version: 1").size()));
        }
    }

    @Test
    void aBeforeCheckpointHookThatThrowsFailsThePublishAsLambdaFailsInit() throws Exception {
        try (FunctionPool pool = new FunctionPool(Map.of("Hooked", hooked(Map.of("HOOK_FAILURE", "before"))),
                config())) {
            PublishedVersion version = pool.publishVersions().getFirst();

            assertFalse(version.published());
            assertTrue(version.error().contains("Runtime.BeforeCheckpointError"), version.error());
            assertTrue(version.error().contains("CheckpointException"), version.error());
            console.awaitLine(line -> line.contains("INIT_REPORT") && line.contains("Status: error")
                    && line.contains("Error Type: Runtime.BeforeCheckpointError"), Duration.ofSeconds(5));
        }
    }

    @Test
    void anAfterRestoreHookThatThrowsFailsTheInvocationWithSnapStartExceptionAndTheEnvironment() throws Exception {
        try (FunctionPool pool = new FunctionPool(Map.of("Hooked", hooked(Map.of("HOOK_FAILURE", "after"))),
                config())) {
            assertTrue(pool.publishVersions().getFirst().published());

            Invocation invocation = pool.invoke("Hooked", "{}");

            assertEquals(Outcome.FUNCTION_ERROR, invocation.outcome());
            assertEquals("SnapStartException", JSON.readTree(invocation.payload()).get("errorType").asText());
            console.awaitLine(line -> line.contains("Restore error: Runtime.AfterRestoreError"), Duration.ofSeconds(5));
        }
    }

    @Test
    void anAfterRestoreHookOverTenSecondsIsASnapStartTimeoutException() throws Exception {
        try (FunctionPool pool = new FunctionPool(Map.of("Hooked", hooked(Map.of("HOOK_FAILURE", "slow-after"))),
                config())) {
            assertTrue(pool.publishVersions().getFirst().published());

            long started = System.nanoTime();
            Invocation invocation = pool.invoke("Hooked", "{}");

            assertEquals(Outcome.FUNCTION_ERROR, invocation.outcome());
            assertEquals("SnapStartTimeoutException", JSON.readTree(invocation.payload()).get("errorType").asText());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(SnapStart.RESTORE_LIMIT) >= 0);
        }
    }

    @Test
    void anInvocationThatFindsNoRestorableEnvironmentStartsOneOnDemandWithoutRunningTheHooksOnTheRequestPath()
            throws Exception {
        // given: a SnapStart function whose version was never published here, so nothing waits in reserve
        try (FunctionPool pool = new FunctionPool(Map.of("Hooked", hooked(Map.of())), config())) {

            // when
            JsonNode response = JSON.readTree(pool.invoke("Hooked", "{}").payload());

            // then: an on-demand start (no beforeCheckpoint, no restore), reported as a cold start and said so
            assertAll(
                    () -> assertEquals(List.of("constructed", "invoked"), strings(response.get("timeline"))),
                    () -> assertEquals("on-demand",
                            response.at("/environment/AWS_LAMBDA_INITIALIZATION_TYPE").asText()),
                    () -> assertEquals(1, console.linesContaining("no restorable environment is ready").size()),
                    () -> assertEquals(1, console.linesContaining("Init Duration: ").size()),
                    () -> assertEquals(0, console.linesContaining("Restore Duration").size()));
        }
    }

    @Test
    void snapStartFunctionsGetTheDefaultTieredCompilationAndOnDemandOnesStopAtC1() throws Exception {
        LambdaFunction snapStart = hooked(Map.of());
        LambdaFunction onDemand = hooked(Map.of()).withSnapStart(false);
        try (FunctionPool pool = new FunctionPool(Map.of("Hooked", snapStart), config());
                FunctionPool onDemandPool = new FunctionPool(Map.of("Hooked", onDemand), config())) {
            pool.publishVersions();
            List<String> snapStartOptions = strings(JSON.readTree(pool.invoke("Hooked", "{}").payload())
                    .get("jvmOptions"));
            Invocation onDemandInvocation = onDemandPool.invoke("Hooked", "{}");
            List<String> onDemandOptions = strings(JSON.readTree(onDemandInvocation.payload()).get("jvmOptions"));
            JsonNode onDemandTimeline = JSON.readTree(onDemandInvocation.payload()).get("timeline");

            assertAll(
                    () -> assertFalse(snapStartOptions.contains("-XX:TieredStopAtLevel=1")),
                    () -> assertTrue(onDemandOptions.contains("-XX:TieredStopAtLevel=1")),
                    () -> assertTrue(snapStartOptions.contains("-XX:MaxHeapSize=222822k"), "85% of 256 MB"),
                    () -> assertTrue(snapStartOptions.contains(JvmOptions.CRAC_COMPAT)),
                    () -> assertEquals(List.of("constructed", "invoked"), strings(onDemandTimeline),
                            "an on-demand environment never checkpoints"));
        }
    }

    private LambdaConfig config() {
        return LambdaConfig.defaults(FixtureFunction.RIC_DIR).withExtraEnvironment(DUMMY_CREDENTIALS)
                .withConsole(console);
    }

    private static LambdaFunction hooked(Map<String, String> environment) {
        return FixtureFunction.function("Hooked", folder, FixtureFunction.HOOKED_HANDLER_NAME, 30, environment)
                .withSnapStart(true);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
