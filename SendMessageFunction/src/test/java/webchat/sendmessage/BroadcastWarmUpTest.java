package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BroadcastWarmUpTest {

    @Test
    void broadcastsOverTlsToTheLoopbackStandInOnlyUntilTheBudgetIsSpentAndPrintsNothing() throws Exception {
        // given: standard output captured, where EMF metric lines would go
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        BroadcastWarmUp.Result result;
        long started = System.nanoTime();

        // when: a budget far too short for the JIT to settle
        try {
            result = BroadcastWarmUp.run(Duration.ofSeconds(2));
        } finally {
            System.setOut(original);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        // then: whole invocations, each post of each one answered by the HTTPS stand-in (the handshake with its
        // self-made certificate worked), stopped by the budget (one invocation may run past it), nothing printed
        assertTrue(result.invocations() >= 1, result.toString());
        assertEquals((long) result.invocations() * BroadcastWarmUp.RECIPIENTS, result.posts(), result.toString());
        assertTrue(elapsedMs < 2_000 + 15_000, "took " + elapsedMs + " ms: " + result);
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }
}
