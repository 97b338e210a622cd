package webchat.local.lambda;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An invocation handed to an execution environment; the future settles its outcome exactly once. Until the runtime
 * takes the event its deadline allows for the Init phase too; delivery moves it to the function's timeout.
 */
final class PendingInvocation {

    final String requestId;
    final byte[] event;
    final Duration timeout;
    final CompletableFuture<Invocation> result = new CompletableFuture<>();
    volatile long delivered = -1;
    volatile long finished = -1;
    volatile long deadline;
    volatile Integer maxMemoryMb;

    PendingInvocation(String requestId, byte[] event, Duration timeout, Duration initLimit) {
        this.requestId = requestId;
        this.event = event;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + initLimit.toNanos() + timeout.toNanos();
    }

    /** The runtime took the event now: the function's timeout starts. */
    void deliver() {
        delivered = System.nanoTime();
        deadline = delivered + timeout.toNanos();
    }

    /** From delivery to the outcome (or now), in ms; 0 when never delivered. */
    double durationMs() {
        return delivered < 0 ? 0 : ((finished > 0 ? finished : System.nanoTime()) - delivered) / 1_000_000.0;
    }

    /** An X-Ray trace header for the delivery, sampled out. */
    static String traceId() {
        HexFormat hex = HexFormat.of();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + hex.toHexDigits(random.nextInt()) + hex.toHexDigits(random.nextLong())
                + ";Parent=" + hex.toHexDigits(random.nextLong()) + ";Sampled=0";
    }
}
