package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimingTest {

    /** The API calls of one sendMessage invocation, as the loopback stand-in records them (the post's path as sent). */
    private static final List<String> ONE_INVOCATION = List.of("UpdateItem", "Scan",
            "POST /priming/@connections/UHJpbWluZw%3D%3D");

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
    void theHooksReturnNormallySoPrimingCanNeverFailAPublishOrARestore() {
        Priming priming = new Priming();

        assertDoesNotThrow(() -> priming.beforeCheckpoint(null));
        assertDoesNotThrow(() -> priming.afterRestore(null));
    }
}
