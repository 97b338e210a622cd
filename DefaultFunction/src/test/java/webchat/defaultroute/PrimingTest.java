package webchat.defaultroute;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
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
    void primingRunsRealInvocationsThroughTheRuntimesInvocationCodeAndPrintsNothing() throws Exception {
        // given: standard output and error captured, where a log line could escape, and the runtime's global logger
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        LambdaLogger served = LambdaRuntime.getLogger();
        System.setOut(capture);
        System.setErr(capture);
        List<String> responses;
        RuntimeInvocations runtime = Priming.runtime(new DefaultHandler());

        // when: two rounds of the priming bodies
        try {
            responses = Priming.prime(runtime, 2 * Priming.BODIES.size());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        // then: every invocation's response, as the runtime would post it, carries the notice its body calls for, in
        // turn; nothing was printed; the runtime's logger is the served one again
        List<String> codes = new ArrayList<>();
        for (String response : responses) {
            Map<String, Object> fields = JSON.std.mapFrom(response);
            assertEquals(200, fields.get("statusCode"), response);
            codes.add(code((String) fields.get("body")));
        }
        List<String> round = List.of("UNKNOWN_ACTION", "UNKNOWN_ACTION", "MISSING_ACTION", "INVALID_JSON");
        List<String> expected = new ArrayList<>(round);
        expected.addAll(round);
        assertEquals(expected, codes);
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
        assertSame(served, LambdaRuntime.getLogger());
        assertEquals("through the runtime's wrapper", runtime.how());
    }

    @Test
    void aRuntimeWithoutTheWrapperIsPrimedStraightThroughItsSerializersAndPrintsNothing() throws Exception {
        // given: the way priming goes where the runtime client has no wrapPojoHandler; output captured
        RuntimeInvocations runtime = RuntimeInvocations.direct(new DefaultHandler(), APIGatewayV2WebSocketEvent.class,
                APIGatewayV2WebSocketResponse.class, "a test");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> responses;

        // when
        try {
            responses = Priming.prime(runtime, Priming.BODIES.size());
        } finally {
            System.setOut(out);
        }

        // then: the same notices, in turn, and nothing printed
        List<String> codes = new ArrayList<>();
        for (String response : responses) {
            codes.add(code((String) JSON.std.mapFrom(response).get("body")));
        }
        assertEquals(List.of("UNKNOWN_ACTION", "UNKNOWN_ACTION", "MISSING_ACTION", "INVALID_JSON"), codes);
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
        assertEquals("directly (a test)", runtime.how());
    }

    @Test
    void theRuntimesLoggerIsPutBackWhenAnInvocationFails() {
        // given: the runtime's global logger, and a handler that fails
        LambdaLogger served = LambdaRuntime.getLogger();
        RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> failing = (event, context) -> {
            throw new IllegalStateException("fails on purpose");
        };

        // when
        Exception thrown = assertThrows(Exception.class, () -> RuntimeInvocations.of(failing,
                APIGatewayV2WebSocketEvent.class, APIGatewayV2WebSocketResponse.class).invoke("failing",
                Priming.EVENT.replace("BODY", "\"hello\"").getBytes(StandardCharsets.UTF_8), PrimingLogger.create()));

        // then: the handler's failure came out, and the served logger is back
        assertEquals("fails on purpose", thrown.getMessage());
        assertSame(served, LambdaRuntime.getLogger());
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
