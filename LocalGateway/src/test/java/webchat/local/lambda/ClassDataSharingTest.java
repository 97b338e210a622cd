package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webchat.local.lambda.Invocation.Outcome;
import webchat.local.template.LambdaFunction;

/** Function JVMs share their function's class data archive: written when a pool stops them, mapped by the next. */
class ClassDataSharingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String FROM_THE_ARCHIVE = "fixture.Fixture source: shared objects file (top)";

    @TempDir
    static Path compiled;

    @TempDir
    Path folder;

    private final RecordingConsole console = new RecordingConsole();
    private LambdaFunction echo;

    @BeforeAll
    static void compileFixtureHandlers() throws IOException {
        FixtureFunction.compileInto(compiled);
    }

    @BeforeEach
    void giveEachTestItsOwnFunctionFolder() throws IOException {
        echo = FixtureFunction.function("Echo", FixtureFunction.copy(compiled, folder), FixtureFunction.HANDLER_NAME,
                30, Map.of());
    }

    @Test
    void twoJvmsStoppedTogetherLeaveOneArchiveAndTheNextPoolsColdStartMapsTheHandlerFromIt() throws Exception {
        // given a pool whose two environments ran at once, so both JVMs write an archive as they stop together
        try (FunctionPool pool = pool(2); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Path gate = folder.resolve("gate");
            Future<Invocation> holding = callers.submit(() ->
                    pool.invoke("Echo", "{\"action\":\"hold\",\"gate\":\"" + gate + "\"}"));
            console.awaitLine(line -> line.equals("[Echo] holding " + gate), PATIENCE);
            assertEquals(Outcome.SUCCESS, pool.invoke("Echo", "{}").outcome());
            Files.createFile(gate);
            assertEquals(Outcome.SUCCESS, holding.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).outcome());
        }
        assertEquals(List.of(), console.linesContaining(FROM_THE_ARCHIVE), "no archive yet: loaded from the jar");
        Path archive = theArchive();

        // when
        RecordingConsole secondRun = new RecordingConsole();
        try (FunctionPool pool = new FunctionPool(Map.of("Echo", echo), config(1).withConsole(secondRun))) {
            Invocation invocation = pool.invoke("Echo", "{}");

            // then
            assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.payload());
            assertEquals(1, secondRun.linesContaining(FROM_THE_ARCHIVE).size(), String.join("\n",
                    secondRun.linesContaining("fixture.Fixture")));
        }
        assertAll(
                () -> assertTrue(SharedArchive.looksSound(archive)),
                () -> assertEquals(List.of(archive), filesIn(archive.getParent(), ".jsa"),
                        "the environments' own files are gone"),
                () -> assertEquals(List.of(), secondRun.linesContaining("class data archive")));
    }

    @Test
    void aTruncatedArchiveIsIgnoredAndReplacedWhenTheJvmStopsAndTheConsoleSaysSo() throws Exception {
        // given
        try (FunctionPool pool = pool(1)) {
            assertEquals(Outcome.SUCCESS, pool.invoke("Echo", "{}").outcome());
        }
        Path archive = theArchive();
        long whole = Files.size(archive);
        try (FileChannel file = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            file.truncate(whole / 2);
        }

        // when
        try (FunctionPool pool = pool(1)) {
            Invocation invocation = pool.invoke("Echo", "{}");

            // then
            assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.payload());
            assertEquals(List.of(), console.linesContaining(FROM_THE_ARCHIVE));
        }
        assertAll(
                () -> assertTrue(SharedArchive.looksSound(archive)),
                () -> assertTrue(Files.size(archive) > whole / 2, "the stopped JVM wrote a whole archive again"),
                () -> assertEquals(1, console.linesContaining("[Echo] The JVM could not use the class data archive "
                        + archive).size(), String.join("\n", console.linesContaining("archive"))));
    }

    private FunctionPool pool(int environments) {
        return new FunctionPool(Map.of("Echo", echo), config(environments));
    }

    private LambdaConfig config(int environments) {
        return LambdaConfig.defaults(FixtureFunction.RIC_DIR)
                .withExtraEnvironment(Map.of("AWS_REGION", "eu-west-1"))
                .withExtraJvmOptions(List.of("-Xlog:class+load=info"))
                .withMaxEnvironmentsPerFunction(environments)
                .withConsole(console);
    }

    private Path theArchive() throws IOException {
        List<Path> archives = filesIn(ClassesJar.workDir(folder), ".jsa");
        assertEquals(1, archives.size(), "archives: " + archives);
        Path archive = archives.getFirst();
        assertTrue(archive.getFileName().toString().startsWith("function-"), archive.toString());
        assertTrue(SharedArchive.looksSound(archive));
        return archive;
    }

    private static List<Path> filesIn(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
