package webchat.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import webchat.local.reliability.ReliabilityChat.Connected;

/**
 * Connect racing a broadcast (issue 14, item 1). $connect's PutItem makes the row visible before the connection can
 * receive; a broadcast that scans in that window posts to the new id, gets 410 (the gateway answers 410 while
 * $connect runs, as API Gateway does) and must not delete the row, or the client is never in the table again. A
 * proxy that answers PutItem 300 ms late holds every $connect in that window while broadcasts run back to back.
 */
class ConnectRaceTest {

    private static final Duration PUT_ITEM_DELAY = Duration.ofMillis(300);
    private static final Duration BROADCAST_EVERY = Duration.ofMillis(100);
    private static final int SENDERS = 3;
    private static final int NEW_CLIENTS = 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final ReliabilityStack stack = new ReliabilityStack();
    private final List<Connected> clients = stack.clients();
    private ReliabilityChat chat;

    @Test
    void clientsThatConnectWhileBroadcastsRunAreStoredAndReceiveEveryLaterBroadcast() throws Exception {
        // given a chat whose DynamoDB answers PutItem 300 ms late, and senders broadcasting every 100 ms
        chat = stack.startWithLateDynamoDb("PutItem", PUT_ITEM_DELAY,
                o -> o.parameterOverrides(Map.of("SendRateLimit", "100000")));
        List<Connected> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(chat.connect());
        }
        clients.addAll(senders);
        AtomicBoolean broadcasting = new AtomicBoolean(true);
        AtomicInteger broadcasts = new AtomicInteger();
        chat.forgetReports();
        Thread ticker = Thread.ofVirtual().start(() -> {
            while (broadcasting.get()) {
                int n = broadcasts.getAndIncrement();
                senders.get(n % SENDERS).client().sendMessage("tick-" + n);
                sleep(BROADCAST_EVERY);
            }
        });

        // when 20 clients connect while the broadcasts run
        List<Connected> newcomers = new ArrayList<>();
        for (int i = 0; i < NEW_CLIENTS; i++) {
            newcomers.add(chat.connect());
        }
        clients.addAll(newcomers);
        broadcasting.set(false);
        ticker.join();
        for (int i = 0; i < broadcasts.get(); i++) {
            assertTrue(chat.nextSendMessageReport(WAIT) != null, "broadcast " + i + " never ended");
        }

        // then every live connection is in the table, and a later broadcast reaches each client exactly once
        Set<String> live = new HashSet<>();
        clients.forEach(c -> live.add(c.id()));
        Set<String> missing = new HashSet<>(live);
        missing.removeAll(chat.tableIds());
        String last = "after-" + UUID.randomUUID();
        senders.getFirst().client().sendMessage(last);
        int reached = 0;
        for (Connected c : clients) {
            try {
                Frames.awaitText(c.client(), last, missing.contains(c.id()) ? Duration.ofSeconds(2) : WAIT);
                reached++;
            } catch (AssertionError notReached) {
                // counted below
            }
        }
        System.out.printf("connect race: %d broadcasts, %d PutItem answered %d ms late; %d of %d new clients "
                        + "missing from the table; last broadcast reached %d of %d clients%n", broadcasts.get(),
                stack.proxy().delayedResponses(), PUT_ITEM_DELAY.toMillis(), missing.size(), NEW_CLIENTS, reached,
                clients.size());
        assertEquals(Set.of(), missing, missing.size() + " of " + NEW_CLIENTS
                + " clients that connected during broadcasts were deleted from the table (pruned while in $connect)");
        assertEquals(clients.size(), reached, "clients that did not receive the broadcast after connecting");
        for (Connected c : clients) {
            List<String> again = c.client().drain(Duration.ofMillis(20)).stream()
                    .filter(frame -> Frames.text(frame).equals(last)).toList();
            assertEquals(List.of(), again, "a duplicate for " + c.id());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
