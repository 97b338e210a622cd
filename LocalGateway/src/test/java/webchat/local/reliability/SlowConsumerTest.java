package webchat.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webchat.local.gateway.SignedRequests.signedPost;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import webchat.local.reliability.ReliabilityChat.Connected;

/**
 * A slow consumer (issue 14, item 2): a client that stops reading while four senders broadcast 30 KB messages and
 * a backend posts to it directly. The gateway must close it within its send timeout (10 s without write progress)
 * and run $disconnect, and no post to it may stall the other clients or the senders.
 */
class SlowConsumerTest {

    private static final int SENDERS = 4;
    /** Broadcast rounds (one 30 KB message per sender) go on until the slow client is closed, within these bounds. */
    private static final int MIN_ROUNDS = 8;
    private static final int MAX_ROUNDS = 40;
    private static final Duration ROUND_EVERY = Duration.ofMillis(1500);
    private static final int MESSAGE_CHARS = 30 * 1024;
    private static final int POST_BYTES = 64 * 1024;
    /**
     * The bound this test holds the gateway to: no broadcast reaches a live client as late as one send timeout (10 s),
     * so no live client ever waited on the stalled one (before, posts queued behind it for 10 s each: 28-42 s).
     */
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(10);
    /** The bound for an @connections POST to the stalled connection to answer. */
    private static final Duration POST_BOUND = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(40);

    private static final Map<String, Long> LATENCIES = new java.util.concurrent.ConcurrentSkipListMap<>();
    @RegisterExtension
    final ReliabilityStack stack = new ReliabilityStack();
    private final List<Connected> clients = stack.clients();
    private ReliabilityChat chat;

    @Test
    void aClientThatStopsReadingIsClosedAndNeverStallsTheOthers() throws Exception {
        // given four chatting clients and one that completes its upgrade and then never reads
        chat = stack.start(o -> o.parameterOverrides(Map.of("SendRateLimit", "100000")));
        for (int i = 0; i < SENDERS; i++) {
            clients.add(chat.connect());
        }
        warmUp();
        Set<String> before = new HashSet<>(chat.chat.connectionIds());
        HandshakeSocket slow = HandshakeSocket.sendUpgrade(chat.chat.webSocketUrl(), 4096);
        assertTrue(slow.awaitSwitchingProtocols(), "the slow client's upgrade");
        String slowId = awaitNewId(before);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicLong slowestDeliveryNanos = new AtomicLong();
        List<String> internalErrors = new CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();
        AtomicInteger delivered = new AtomicInteger();
        for (Connected c : clients) {
            readers.add(Thread.ofVirtual().start(
                    () -> read(c, sentAt, slowestDeliveryNanos, internalErrors, delivered)));
        }

        // when a backend floods the slow client through @connections while the others broadcast 30 KB messages
        long started = System.nanoTime();
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong slowestPostNanos = new AtomicLong();
        AtomicInteger lastPostStatus = new AtomicInteger();
        AtomicLong goneAfterNanos = new AtomicLong(-1);
        Thread flood = Thread.ofVirtual().start(() -> flood(slowId, flooding, slowestPostNanos, lastPostStatus,
                goneAfterNanos, started));
        String padding = "x".repeat(MESSAGE_CHARS);
        int rounds = 0;
        for (; rounds < MIN_ROUNDS || rounds < MAX_ROUNDS && chat.chat.connectionIds().contains(slowId); rounds++) {
            int round = rounds;
            for (int s = 0; s < SENDERS; s++) {
                String text = "m-" + round + "-" + s + "-" + padding;
                sentAt.put(text, System.nanoTime());
                clients.get(s).client().sendMessage(text);
            }
            Thread.sleep(ROUND_EVERY);
        }
        boolean disconnected = chat.chat.awaitDisconnected(slowId, WAIT);
        long closedAfterMs = (System.nanoTime() - started) / 1_000_000;
        long expected = (long) SENDERS * rounds * SENDERS;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (delivered.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        flooding.set(false);
        flood.join();
        readers.forEach(Thread::interrupt);
        slow.close();

        // then the slow client was closed with $disconnect, and nobody else waited on it
        System.out.printf("slow consumer: closed and $disconnect done after %d ms (%s); @connections POST to it: "
                        + "slowest %d ms, 410 after %d ms; %d of %d deliveries to live clients, slowest %d ms; "
                        + "%d Internal server error answers%n", closedAfterMs, disconnected ? "yes" : "NOT closed",
                slowestPostNanos.get() / 1_000_000, goneAfterNanos.get() / 1_000_000, delivered.get(), expected,
                slowestDeliveryNanos.get() / 1_000_000, internalErrors.size());
        System.out.println("slowest delivery per broadcast (ms): " + LATENCIES);
        chat.recentConsole().lines()
                .filter(l -> l.startsWith("SLOW") || l.startsWith("DISCONNECT") && l.contains(slowId))
                .forEach(System.out::println);
        assertTrue(disconnected, "the slow client was never closed and disconnected\n" + chat.recentConsole());
        assertFalse(chat.chat.connectionIds().contains(slowId));
        assertTrue(chat.recentConsole().lines().anyMatch(l -> l.startsWith("DISCONNECT") && l.contains(slowId)
                && l.contains("1001")), "the $disconnect line with 1001 for " + slowId);
        assertEquals(410, lastPostStatus.get(), "@connections after the close");
        assertTrue(slowestPostNanos.get() < POST_BOUND.toNanos(), "an @connections POST to the slow client took "
                + slowestPostNanos.get() / 1_000_000 + " ms");
        assertEquals(List.of(), internalErrors, "senders got Internal server error");
        assertEquals(expected, delivered.get(), "deliveries to the live clients");
        assertTrue(slowestDeliveryNanos.get() < DELIVERY_BOUND.toNanos(), "a live client waited "
                + slowestDeliveryNanos.get() / 1_000_000 + " ms for a broadcast");
    }

    /** Four concurrent broadcasts, so that the measured rounds find four warm SendMessage environments. */
    private void warmUp() throws InterruptedException {
        for (int s = 0; s < SENDERS; s++) {
            clients.get(s).client().sendMessage("warm-" + s);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (Connected c : clients) {
            Set<String> missing = new HashSet<>();
            for (int s = 0; s < SENDERS; s++) {
                missing.add("warm-" + s);
            }
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                String frame = c.client().poll(Duration.ofMillis(200));
                if (frame != null) {
                    missing.remove(Frames.text(frame));
                }
            }
            assertEquals(Set.of(), missing, "warm-up broadcasts not received\n" + chat.recentConsole());
        }
    }

    private String awaitNewId(Set<String> before) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Set<String> now = new HashSet<>(chat.chat.connectionIds());
            now.removeAll(before);
            if (now.size() == 1) {
                return now.iterator().next();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the slow client's connection id never appeared");
    }

    private static void read(Connected c, Map<String, Long> sentAt, AtomicLong slowest, List<String> internalErrors,
                             AtomicInteger delivered) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String frame = c.client().poll(Duration.ofSeconds(1));
                if (frame == null) {
                    continue;
                }
                long arrived = System.nanoTime();
                if (Frames.isInternalServerError(frame)) {
                    internalErrors.add(frame);
                    continue;
                }
                String text = Frames.text(frame);
                Long sent = sentAt.get(text);
                if (sent != null) {
                    delivered.incrementAndGet();
                    slowest.accumulateAndGet(arrived - sent, Math::max);
                    LATENCIES.merge(text.substring(0, text.indexOf('-', 2 + text.indexOf('-', 2))),
                            (arrived - sent) / 1_000_000, Math::max);
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    private void flood(String slowId, AtomicBoolean flooding, AtomicLong slowest, AtomicInteger lastStatus,
                       AtomicLong goneAfter, long started) {
        URI url = URI.create(chat.chat.connectionsUrl() + "/" + URLEncoder.encode(slowId, StandardCharsets.UTF_8));
        byte[] body = "y".repeat(POST_BYTES).getBytes(StandardCharsets.UTF_8);
        try (HttpClient backend = HttpClient.newHttpClient()) {
            while (flooding.get()) {
                long start = System.nanoTime();
                HttpResponse<Void> response = backend.send(signedPost(url, body),
                        HttpResponse.BodyHandlers.discarding());
                slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                lastStatus.set(response.statusCode());
                if (response.statusCode() == 410) {
                    goneAfter.set(System.nanoTime() - started);
                    return;
                }
                Thread.sleep(100);
            }
        } catch (Exception stopped) {
            lastStatus.set(-1);
        }
    }
}
