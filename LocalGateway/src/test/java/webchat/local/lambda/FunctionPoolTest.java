package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import webchat.local.lambda.Invocation.Outcome;
import webchat.local.template.LambdaFunction;

/** Runs fixture handlers in real function JVMs with the official runtime interface client. */
class FunctionPoolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Map<String, String> DUMMY_CREDENTIALS = Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_ACCESS_KEY_ID", "local-dummy-key",
            "AWS_SECRET_ACCESS_KEY", "local-dummy-secret",
            "AWS_EC2_METADATA_DISABLED", "true");

    @TempDir
    static Path folder;

    private final RecordingConsole console = new RecordingConsole();

    @BeforeAll
    static void compileFixtureHandlers() throws IOException {
        FixtureFunction.compileInto(folder);
    }

    @Test
    void theHandlerSeesItsEventTemplateVariablesAndDummyCredentialsButNothingElseFromTheGatewaysEnvironment()
            throws IOException {
        // given a gateway whose own environment holds real credentials and a profile
        Map<String, String> host = Map.of("PATH", System.getenv("PATH"), "HOME", "/home/developer",
                "AWS_ACCESS_KEY_ID", "AKIAREALKEYDONOTLEAK", "AWS_SECRET_ACCESS_KEY", "real-secret",
                "AWS_PROFILE", "production");
        LambdaFunction echo = function("Echo", 30, Map.of("TABLE_NAME", "connections"));
        try (FunctionPool pool = new FunctionPool(Map.of("Echo", echo), config(), host)) {
            // when
            Invocation invocation = pool.invoke("Echo", "{\"message\":\"hello\"}");

            // then
            assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.payload());
            JsonNode response = JSON.readTree(invocation.payload());
            JsonNode environment = response.get("environment");
            Set<String> allowed = new HashSet<>(FunctionVariables.FROM_HOST);
            allowed.addAll(echo.environment().keySet());
            allowed.addAll(DUMMY_CREDENTIALS.keySet());
            allowed.addAll(List.of("AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                    "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
                    "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_LOG_FORMAT", "AWS_EXECUTION_ENV",
                    "AWS_LAMBDA_RUNTIME_API", "_HANDLER", "LAMBDA_TASK_ROOT", "TZ"));
            Set<String> names = new HashSet<>();
            environment.fieldNames().forEachRemaining(names::add);
            names.removeAll(allowed);
            assertAll(
                    () -> assertEquals("hello", response.at("/event/message").asText()),
                    () -> assertEquals(invocation.requestId(), response.get("requestId").asText()),
                    () -> assertEquals("connections", environment.get("TABLE_NAME").asText()),
                    () -> assertEquals("local-dummy-key", environment.get("AWS_ACCESS_KEY_ID").asText()),
                    () -> assertEquals("local-dummy-secret", environment.get("AWS_SECRET_ACCESS_KEY").asText()),
                    () -> assertFalse(environment.has("AWS_PROFILE")),
                    () -> assertEquals(Set.of(), names, "variables that leaked from the gateway's environment"),
                    () -> assertEquals("webchat-Echo", environment.get("AWS_LAMBDA_FUNCTION_NAME").asText()),
                    () -> assertEquals(FixtureFunction.HANDLER_NAME, environment.get("_HANDLER").asText()),
                    () -> assertEquals(":UTC", environment.get("TZ").asText()),
                    () -> assertEquals("arn:aws:lambda:eu-west-1:123456789012:function:webchat-Echo",
                            response.get("functionArn").asText()),
                    () -> assertTrue(response.get("remainingMs").asLong() > 25_000,
                            "the deadline header gives the handler its 30 s timeout"));
        }
    }

    @Test
    void aWarmEnvironmentIsReusedAndOnlyTheColdStartReportsAnInitDuration() throws IOException {
        // given
        List<InvocationReport> reports = new CopyOnWriteArrayList<>();
        try (FunctionPool pool = pool(function("Echo", 30, Map.of()))) {
            pool.addReportListener(reports::add);

            // when
            Invocation cold = pool.invoke("Echo", "{}");
            Invocation warm = pool.invoke("Echo", "{}");

            // then
            assertEquals(pid(cold), pid(warm), "both invocations ran in the same JVM");
            List<String> reportLines = console.linesContaining("REPORT RequestId:");
            assertEquals(2, reportLines.size(), String.join("\n", console.lines()));
            String reportLine = "\\[Echo] REPORT RequestId: %s\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms"
                    + "\\tMemory Size: 256 MB\\tMax Memory Used: \\d+ MB";
            assertAll(
                    () -> assertTrue(reportLines.get(0).matches(reportLine.formatted(cold.requestId())
                            + "\\tInit Duration: \\d+\\.\\d\\d ms"), reportLines.get(0)),
                    () -> assertTrue(reportLines.get(1).matches(reportLine.formatted(warm.requestId())),
                            reportLines.get(1)),
                    () -> assertEquals(1, console.linesContaining("START RequestId: " + warm.requestId()).size()),
                    () -> assertEquals(1, console.linesContaining("END RequestId: " + warm.requestId()).size()),
                    () -> assertNotNull(reports.get(0).initDurationMs()),
                    () -> assertNull(reports.get(1).initDurationMs()),
                    () -> assertTrue(reports.get(1).maxMemoryMb() > 0),
                    () -> assertEquals(warm.requestId(), reports.get(1).requestId()),
                    () -> assertEquals("Echo", reports.get(1).functionId()));
        }
    }

    @Test
    void whatTheFunctionPrintsReachesTheConsolePrefixedWithItsLogicalId() throws InterruptedException {
        try (FunctionPool pool = pool(function("SendMessageFunction", 30, Map.of()))) {
            // when
            Invocation invocation = pool.invoke("SendMessageFunction", "{\"action\":\"log\",\"text\":\"hello\"}");

            // then
            assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.payload());
            console.awaitLine(line -> line.equals("[SendMessageFunction] printed hello"), PATIENCE);
        }
    }

    @Test
    void aHandlerThatThrowsIsAFunctionErrorAndItsEnvironmentStaysWarm() throws IOException {
        try (FunctionPool pool = pool(function("Echo", 30, Map.of()))) {
            // given
            long pid = pid(pool.invoke("Echo", "{}"));

            // when
            Invocation failed = pool.invoke("Echo", "{\"action\":\"throw\",\"reason\":\"no table\"}");

            // then
            assertEquals(Outcome.FUNCTION_ERROR, failed.outcome(), failed.payload());
            JsonNode error = JSON.readTree(failed.payload());
            assertEquals("refused: no table", error.get("errorMessage").asText());
            assertEquals("java.lang.IllegalStateException", error.get("errorType").asText());
            assertEquals(pid, pid(pool.invoke("Echo", "{}")));
        }
    }

    @Test
    void anInvocationPastItsTimeoutKillsTheEnvironmentAndTheNextOneRunsInAFreshJvm() throws Exception {
        try (FunctionPool pool = pool(function("Slow", 1, Map.of()))) {
            // given
            long first = pid(pool.invoke("Slow", "{}"));

            // when
            long before = System.nanoTime();
            Invocation timedOut = pool.invoke("Slow", "{\"action\":\"sleep\",\"millis\":30000}");
            Duration waited = Duration.ofNanos(System.nanoTime() - before);

            // then
            assertEquals(Outcome.TIMEOUT, timedOut.outcome());
            assertTrue(waited.compareTo(Duration.ofSeconds(4)) < 0, "a 1 s timeout ended the invocation after "
                    + waited + ", not after the init limit");
            assertEquals("Task timed out after 1.00 seconds", timedOut.payload());
            assertProcessEnds(first);
            assertEquals(1, console.linesContaining("REPORT RequestId: " + timedOut.requestId()).stream()
                    .filter(line -> line.endsWith("\tStatus: timeout")).count());
            assertNotEquals(first, pid(pool.invoke("Slow", "{}")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"exit, 3", "halt, 7"})
    void aJvmThatDiesDuringAnInvocationIsACrashAndTheNextInvocationSucceeds(String action, int status)
            throws IOException {
        try (FunctionPool pool = pool(function("Fragile", 30, Map.of()))) {
            // given
            long first = pid(pool.invoke("Fragile", "{}"));

            // when
            Invocation crashed = pool.invoke("Fragile", "{\"action\":\"" + action + "\"}");

            // then
            assertEquals(Outcome.CRASHED, crashed.outcome());
            assertTrue(crashed.payload().contains("exit status " + status), crashed.payload());
            Invocation next = pool.invoke("Fragile", "{}");
            assertEquals(Outcome.SUCCESS, next.outcome(), next.payload());
            assertNotEquals(first, pid(next));
        }
    }

    @Test
    void overlappingInvocationsStartMoreEnvironmentsButNeverMoreThanTheLimit() throws Exception {
        try (FunctionPool pool = new FunctionPool(Map.of("Busy", function("Busy", 30, Map.of())),
                config().withMaxEnvironmentsPerFunction(2));
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            // given
            CountDownLatch start = new CountDownLatch(1);

            // when five invocations arrive at once
            List<Future<Invocation>> invocations = IntStream.range(0, 5).mapToObj(i -> callers.submit(() -> {
                start.await();
                return pool.invoke("Busy", "{\"action\":\"sleep\",\"millis\":50}");
            })).toList();
            start.countDown();

            // then
            Set<Long> pids = new HashSet<>();
            for (Future<Invocation> invocation : invocations) {
                Invocation done = invocation.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertEquals(Outcome.SUCCESS, done.outcome(), done.payload());
                pids.add(pid(done));
            }
            assertEquals(2, pids.size(), "distinct JVMs used: " + pids);
        }
    }

    @Test
    void anInvocationWaitsOnlyABoundedTimeForABusyEnvironmentThenFailsSayingWhy() throws Exception {
        Path gate = folder.resolve("gate-" + System.nanoTime());
        try (FunctionPool pool = new FunctionPool(Map.of("Busy", function("Busy", 30, Map.of())),
                config().withMaxEnvironmentsPerFunction(1).withEnvironmentWaitTimeout(Duration.ofMillis(200)));
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            // given the only environment is busy
            Future<Invocation> holding = callers.submit(() ->
                    pool.invoke("Busy", "{\"action\":\"hold\",\"gate\":\"" + gate + "\"}"));
            console.awaitLine(line -> line.equals("[Busy] holding " + gate), PATIENCE);

            // when
            Invocation refused = pool.invoke("Busy", "{}");

            // then
            assertEquals(Outcome.CRASHED, refused.outcome());
            assertTrue(refused.payload().contains("All 1 execution environments stayed busy for 200 ms"),
                    refused.payload());
            Files.createFile(gate);
            assertEquals(Outcome.SUCCESS, holding.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).outcome());
        }
    }

    @Test
    void aHandlerThatFailsToInitialiseIsAFunctionErrorCarryingTheInitError() throws IOException {
        LambdaFunction broken = FixtureFunction.function("Broken", folder, FixtureFunction.BROKEN_INIT_HANDLER_NAME,
                30, Map.of());
        try (FunctionPool pool = pool(broken)) {
            // when
            Invocation invocation = pool.invoke("Broken", "{}");

            // then
            assertEquals(Outcome.FUNCTION_ERROR, invocation.outcome(), invocation.payload());
            assertEquals("TABLE_NAME is not set", JSON.readTree(invocation.payload()).get("errorMessage").asText());
        }
    }

    @Test
    void aFunctionThatWasNeverBuiltCrashesAndTheConsoleSaysHowToBuildIt(@TempDir Path unbuilt) {
        LambdaFunction function = FixtureFunction.function("Unbuilt", unbuilt, FixtureFunction.HANDLER_NAME, 30,
                Map.of());
        try (FunctionPool pool = pool(function)) {
            // when
            Invocation invocation = pool.invoke("Unbuilt", "{}");

            // then
            assertEquals(Outcome.CRASHED, invocation.outcome());
            assertTrue(invocation.payload().contains("mvn -q package -DskipTests"), invocation.payload());
            assertEquals(1, console.lines().stream()
                    .filter(line -> line.startsWith("[Unbuilt] ") && line.contains("mvn -q package -DskipTests"))
                    .count(), String.join("\n", console.lines()));
        }
    }

    @Test
    void withoutUtilsLiteNextToTheClientOrInTheFunctionTheInvocationCrashesNamingTheMissingJar(@TempDir Path dir)
            throws IOException {
        // given a runtime client folder with the client jars only, and a function without the AWS SDK
        Path ricDir = Files.createDirectories(dir.resolve("ric"));
        try (var jars = Files.list(FixtureFunction.RIC_DIR)) {
            for (Path jar : jars.filter(jar -> jar.getFileName().toString().startsWith("aws-lambda-")).toList()) {
                Files.copy(jar, ricDir.resolve(jar.getFileName()));
            }
        }
        Path noSdk = Files.createDirectories(dir.resolve("NoSdkFunction").resolve("target").resolve("classes"))
                .getParent().getParent();
        LambdaFunction function = FixtureFunction.function("NoSdk", noSdk, FixtureFunction.HANDLER_NAME, 30,
                Map.of());
        LambdaConfig config = LambdaConfig.defaults(ricDir).withConsole(console);
        try (FunctionPool pool = new FunctionPool(Map.of("NoSdk", function), config)) {
            // when
            Invocation invocation = pool.invoke("NoSdk", "{}");

            // then
            assertEquals(Outcome.CRASHED, invocation.outcome());
            assertTrue(invocation.payload().contains("utils-lite-*.jar"), invocation.payload());
            assertEquals(1, console.linesContaining("[NoSdk] Cannot start an execution environment").size());
        }
    }

    @Test
    void closeKillsEveryFunctionJvmAndCanBeCalledTwice() throws Exception {
        // given
        FunctionPool pool = pool(function("Echo", 30, Map.of()));
        long pid = pid(pool.invoke("Echo", "{}"));

        // when
        pool.close();

        // then
        assertProcessEnds(pid);
        assertDoesNotThrow(pool::close);
        assertEquals(Outcome.CRASHED, pool.invoke("Echo", "{}").outcome());
    }

    @Test
    void closeKillsAJvmThatDoesNotStopWithinTheGracePeriodAndWhatItStarted() throws Exception {
        // given a JVM whose shutdown hook lingers and which started a process of its own
        FunctionPool pool = pool(function("Linger", 30, Map.of()));
        long jvm = pid(pool.invoke("Linger", "{\"action\":\"linger\"}"));
        String started = console.awaitLine(line -> line.startsWith("[Linger] started "), PATIENCE);
        long child = Long.parseLong(started.substring("[Linger] started ".length()));

        // when
        long before = System.nanoTime();
        pool.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - before);

        // then
        assertTrue(closing.compareTo(ExecutionEnvironment.STOP_GRACE.plusSeconds(2)) < 0, "close took " + closing);
        assertTrue(closing.compareTo(ExecutionEnvironment.STOP_GRACE) >= 0, "close waited for the grace period");
        assertProcessEnds(jvm);
        assertProcessEnds(child);
        assertEquals(1, console.linesContaining(
                "did not stop within " + ExecutionEnvironment.STOP_GRACE.toSeconds() + " s; killing it").size());
    }

    @Test
    void invokingAFunctionTheTemplateDoesNotHaveIsRejected() {
        try (FunctionPool pool = pool(function("Echo", 30, Map.of()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.invoke("Missing", "{}"));
            assertTrue(e.getMessage().contains("Missing"));
        }
    }

    private FunctionPool pool(LambdaFunction function) {
        return new FunctionPool(Map.of(function.logicalId(), function), config());
    }

    private LambdaConfig config() {
        return LambdaConfig.defaults(FixtureFunction.RIC_DIR)
                .withExtraEnvironment(DUMMY_CREDENTIALS)
                .withConsole(console);
    }

    private static LambdaFunction function(String logicalId, int timeoutSeconds, Map<String, String> environment) {
        return FixtureFunction.function(logicalId, folder, FixtureFunction.HANDLER_NAME, timeoutSeconds, environment);
    }

    private static long pid(Invocation invocation) throws IOException {
        assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.payload());
        return JSON.readTree(invocation.payload()).get("pid").asLong();
    }

    private static void assertProcessEnds(long pid) throws Exception {
        var process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            process.get().onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
