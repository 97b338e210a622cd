package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimingTest {

    /** The broadcast of one sendMessage invocation, as the loopback stand-in records it (each post's path as sent). */
    private static final List<String> BROADCAST = List.of("Scan", "POST /priming/@connections/UHJpbWluZw%3D%3D",
            "POST /priming/@connections/R29uZVByaW1pbmc%3D", "DeleteItem");

    @Test
    void primingRunsRealInvocationsWhoseCallsReachOnlyTheLoopbackStandInAndPrintNothing() throws Exception {
        // given: standard output captured, where EMF metric lines would go
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> requests;

        // when
        try {
            requests = Priming.prime(2);
        } finally {
            System.setOut(original);
        }

        // then: each invocation made its real calls, all to the stand-in on 127.0.0.1 (gone now), and wrote nothing:
        // the first message opened a rate-limit window (its count in the open window failed its condition), the
        // second was counted in it; both broadcasts posted to the sender and pruned the recipient that had gone
        List<String> expected = new ArrayList<>(List.of("UpdateItem", "UpdateItem"));
        expected.addAll(BROADCAST);
        expected.add("UpdateItem");
        expected.addAll(BROADCAST);
        assertEquals(expected, requests);
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theHooksReturnNormallySoPrimingCanNeverFailAPublishOrARestore() {
        Priming priming = new Priming();

        assertDoesNotThrow(() -> priming.beforeCheckpoint(null));
        assertDoesNotThrow(() -> priming.afterRestore(null));
    }
}
