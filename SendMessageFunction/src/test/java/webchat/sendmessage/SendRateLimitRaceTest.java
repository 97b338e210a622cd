package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Invocations racing on one connection's row: the limit holds because every step is one conditional write. */
class SendRateLimitRaceTest {

    private static final String SENDER = "Sender00001=";
    private static final Instant START = Instant.parse("2026-11-27T13:45:00Z");

    private static List<SendRateLimit.Decision> runTogether(int invocations, Callable<SendRateLimit.Decision> check)
            throws Exception {
        try (var executor = Executors.newFixedThreadPool(invocations)) {
            List<Future<SendRateLimit.Decision>> futures = new ArrayList<>();
            for (int i = 0; i < invocations; i++) {
                futures.add(executor.submit(check));
            }
            List<SendRateLimit.Decision> decisions = new ArrayList<>();
            for (var future : futures) {
                decisions.add(future.get(10, TimeUnit.SECONDS));
            }
            return decisions;
        }
    }

    @Test
    void twoInvocationsThatBothFindNoWindowOpenItOnceAndBothCount() throws Exception {
        // given two invocations held together until both have failed step 1 (no window yet) and both try step 2
        var bothAtStep = new CyclicBarrier(2);
        var updates = new AtomicInteger();
        var table = new InMemoryTable(() -> {
            if (updates.incrementAndGet() <= 4) {
                await(bothAtStep);
            }
        });
        table.addConnection(SENDER);
        var limit = new SendRateLimit(table, "connections", 10, Duration.ofSeconds(10), new MutableClock(START));

        // when
        var decisions = runTogether(2, () -> limit.check(SENDER));

        // then one opened the window, the other lost that race and counted itself in the window on its retry
        assertEquals(List.of(new SendRateLimit.Allowed(), new SendRateLimit.Allowed()), decisions);
        assertEquals(AttributeValue.fromN("2"), table.row(SENDER).get("sentInWindow"));
        assertEquals(AttributeValue.fromN(Long.toString(START.toEpochMilli())), table.row(SENDER).get("windowStart"));
    }

    @Test
    void aBurstOfSixtyFromConcurrentInvocationsLetsExactlyTheLimitThrough() throws Exception {
        // given 60 invocations at once on one connection, limit 10 per 10 s
        var start = new CyclicBarrier(60);
        var table = new InMemoryTable(Thread::yield);
        table.addConnection(SENDER);
        var clock = new MutableClock(START);
        var limit = new SendRateLimit(table, "connections", 10, Duration.ofSeconds(10), clock);

        // when
        var decisions = runTogether(60, () -> {
            await(start);
            return limit.check(SENDER);
        });

        // then
        assertEquals(10, decisions.stream().filter(SendRateLimit.Allowed.class::isInstance).count());
        assertEquals(50, decisions.stream().filter(new SendRateLimit.Limited(10_000)::equals).count());
        assertEquals(AttributeValue.fromN("10"), table.row(SENDER).get("sentInWindow"));

        // and when the window has passed, the sender may send again and a new window opens
        clock.advance(Duration.ofSeconds(10));
        assertEquals(new SendRateLimit.Allowed(), limit.check(SENDER));
        assertEquals(AttributeValue.fromN("1"), table.row(SENDER).get("sentInWindow"));
    }

    @Test
    void aLimitedSenderIsToldHowLongUntilItsWindowEnds() {
        // given 10 messages sent at the start of the window
        var table = new InMemoryTable(() -> { });
        table.addConnection(SENDER);
        var clock = new MutableClock(START);
        var limit = new SendRateLimit(table, "connections", 10, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 10; i++) {
            assertEquals(new SendRateLimit.Allowed(), limit.check(SENDER));
        }

        // when 3 s later
        clock.advance(Duration.ofMillis(3_000));

        // then
        assertEquals(new SendRateLimit.Limited(7_000), limit.check(SENDER));
    }

    @Test
    void aConnectionWithoutARowIsNotConnectedAndNoRowIsCreated() {
        // given an empty table (the connection closed, or its row was pruned)
        var table = new InMemoryTable(() -> { });
        var limit = new SendRateLimit(table, "connections", 10, Duration.ofSeconds(10), new MutableClock(START));

        // when
        var decision = limit.check(SENDER);

        // then
        assertEquals(new SendRateLimit.NotConnected(), decision);
        assertEquals(null, table.row(SENDER));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("invocations did not line up", e);
        }
    }
}
