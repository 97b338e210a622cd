package webchat.defaultroute;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
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

    @Test
    void primingRunsRealInvocationsThroughTheRuntimesSerializersAndPrintsNothing() throws Exception {
        // given: standard output and error captured, where a log line could escape
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        List<String> answers;

        // when: two rounds of the priming bodies
        try {
            answers = Priming.prime(new DefaultHandler(), 2 * Priming.BODIES.size());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        // then: every invocation answered with the notice its body calls for, in turn, and nothing was printed
        List<String> codes = new ArrayList<>();
        for (String answer : answers) {
            codes.add(code(answer));
        }
        List<String> round = List.of("UNKNOWN_ACTION", "UNKNOWN_ACTION", "MISSING_ACTION", "INVALID_JSON");
        List<String> expected = new ArrayList<>(round);
        expected.addAll(round);
        assertEquals(expected, codes);
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theHooksReturnNormallySoPrimingCanNeverFailAPublishOrARestore() {
        Priming priming = new Priming(new DefaultHandler());

        assertDoesNotThrow(() -> priming.beforeCheckpoint(null));
        assertDoesNotThrow(() -> priming.afterRestore(null));
    }

    private static String code(String notice) throws IOException {
        return (String) JSON.std.mapFrom(notice).get("code");
    }

    @Test
    void thePrimingEventHasEveryFieldOfTheSampleEventSoTheFirstRealOneTakesNoUnprimedPath() throws IOException {
        // given: events/default.json, a $default event as API Gateway sends it
        Path sample = Path.of("..", "events", "default.json");
        assumeTrue(Files.isRegularFile(sample), "no ../events/ beside this folder (built alone, as sam build does)");

        // when
        var primed = fieldPaths(JSON.std.mapFrom(Priming.EVENT.replace("BODY", "\"hello\"")), "");
        var sent = fieldPaths(JSON.std.mapFrom(Files.readString(sample)), "");

        // then
        assertEquals(sent, primed);
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
            logger.log("No route for this message", LogLevel.INFO);
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
        assertEquals("No route for this message", line.get("message"));
        assertEquals("INFO", line.get("level"));
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
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
}
