package webchat.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import webchat.local.testing.ChatMessage;
import webchat.local.testing.TestClient;

/**
 * Load: every client sends 5 unique messages (under the send limit of 10 per window); every client must receive all of them exactly once. The test command
 * runs 60 clients (300 broadcasts, 18,000 deliveries, about a minute on 2 cores); the full 200 x 5 (1,000
 * broadcasts, 200,000 deliveries, about 6 minutes here) runs with {@code -Dwebchat.load.clients=200} and in
 * {@code ./webchat bench --only load}.
 */
class ChatUnderLoadTest {

    private static final int CLIENTS = Integer.getInteger("webchat.load.clients", 60);
    private static final int MESSAGES_EACH = 5;
    /** Broadcasts in flight at once: enough to keep every SendMessage environment busy, not enough to queue for long. */
    private static final int IN_FLIGHT = 8;
    private static final Duration DEADLINE = Duration.ofSeconds(150);

    private static ReliabilityChat chat;

    @BeforeAll
    static void startTheChat() throws Exception {
        chat = ReliabilityChat.start(o -> o);
    }

    @AfterAll
    static void stopTheChat() {
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void everyClientReceivesEveryMessageOfEveryOtherClientExactlyOnce() throws Exception {
        // given live clients, each counting every copy of every message it gets
        int total = CLIENTS * MESSAGES_EACH;
        List<Map<String, Integer>> copies = new ArrayList<>();
        CountDownLatch everyCopy = new CountDownLatch(CLIENTS * total);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<TestClient> clients = connectAll(copies, everyCopy, inFlight);
        try {
            // when each sends its 5 messages, at most IN_FLIGHT broadcasts under way (a sender's own copy ends it)
            long started = System.nanoTime();
            for (int round = 0; round < MESSAGES_EACH; round++) {
                for (int c = 0; c < CLIENTS; c++) {
                    assertTrue(inFlight.tryAcquire(60, TimeUnit.SECONDS), "a broadcast never came back to its "
                            + "sender\n" + chat.recentConsole());
                    clients.get(c).sendMessage(payload(c, round), payload(c, round));
                }
            }
            boolean complete = everyCopy.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            Thread.sleep(500);

            // then every client has every message exactly once and nothing else
            Map<String, Integer> expected = new HashMap<>();
            for (int c = 0; c < CLIENTS; c++) {
                for (int round = 0; round < MESSAGES_EACH; round++) {
                    expected.put(payload(c, round), 1);
                }
            }
            for (int c = 0; c < CLIENTS; c++) {
                assertEquals(expected, copies.get(c), "client " + c + " (complete: " + complete + " after " + seconds
                        + " s) did not get every message exactly once\n" + chat.recentConsole());
            }
        } finally {
            clients.forEach(TestClient::abort);
        }
    }

    private static List<TestClient> connectAll(List<Map<String, Integer>> copies, CountDownLatch everyCopy,
                                               Semaphore inFlight) {
        List<CompletableFuture<TestClient>> pending = new ArrayList<>();
        Semaphore connecting = new Semaphore(16);
        for (int c = 0; c < CLIENTS; c++) {
            Map<String, Integer> mine = new ConcurrentHashMap<>();
            copies.add(mine);
            String ownPrefix = "load-" + c + "-";
            connecting.acquireUninterruptibly();
            CompletableFuture<TestClient> client = TestClient.connectAsync(chat.http, chat.chat.webSocketUrl(), m -> {
                String key = key(m);
                mine.merge(key, 1, Integer::sum);
                everyCopy.countDown();
                if (key.startsWith(ownPrefix)) {
                    inFlight.release();
                }
            });
            client.whenComplete((ok, e) -> connecting.release());
            pending.add(client);
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    /**
     * What a frame counts as: a message envelope whose clientMessageId matches its text counts under that id (the id
     * the server echoes, not text matching); anything else (a notice, a mangled envelope) counts as itself.
     */
    private static String key(String frame) {
        if (!ChatMessage.isMessage(frame)) {
            return frame;
        }
        ChatMessage message = ChatMessage.parse(frame);
        return message.text().equals(message.clientMessageId()) ? message.clientMessageId() : frame;
    }

    private static String payload(int client, int round) {
        return "load-" + client + "-" + round;
    }
}
