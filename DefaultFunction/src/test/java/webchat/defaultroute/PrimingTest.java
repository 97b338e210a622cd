package webchat.defaultroute;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
}
