package webchat.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webchat.local.gateway.SignedRequests.signedGet;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that resets its TCP connection while $connect runs (issue 14, item 3). $connect still succeeds and
 * stores the connection; the gateway must then run $disconnect and forget the id, or it stays a ghost: in the
 * table, "connected" for @connections, and waited on by every broadcast and by shutdown.
 */
class ConnectResetTest {

    private static final int RESETS = 5;
    private static final Duration PUT_ITEM_DELAY = Duration.ofMillis(500);
    private static final Duration RESET_AFTER = Duration.ofMillis(150);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern ACCEPTED = Pattern.compile("^CONNECT\\s+(\\S+) \\$connect -> 2\\d\\d");

    @RegisterExtension
    final ReliabilityStack stack = new ReliabilityStack();
    private ReliabilityChat chat;

    @Test
    void aResetDuringConnectEndsInDisconnectAndLeavesNoGhost() throws Exception {
        // given a chat whose $connect takes 500 ms (PutItem answered late) and one warm client
        chat = stack.startWithLateDynamoDb("PutItem", PUT_ITEM_DELAY, o -> o);
        ReliabilityChat.Connected warm = chat.connect();
        warm.client().close();
        assertTrue(chat.chat.awaitDisconnected(warm.id(), WAIT), "the warm-up client's $disconnect");

        // when five clients, one after the other, reset their connection 150 ms into $connect
        for (int i = 0; i < RESETS; i++) {
            HandshakeSocket client = HandshakeSocket.sendUpgrade(chat.chat.webSocketUrl(), 65536);
            Thread.sleep(RESET_AFTER);
            client.reset();
            awaitAcceptedConnects(i + 2);
        }
        List<String> accepted = awaitAcceptedConnects(RESETS + 1);
        accepted.removeFirst();

        // then each accepted id gets its $disconnect, @connections says it is gone, and nothing is left
        long deadline = System.nanoTime() + WAIT.toNanos();
        int ghosts = 0;
        for (String id : accepted) {
            boolean done = chat.chat.awaitDisconnected(id, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (!done) {
                ghosts++;
            }
        }
        List<Integer> getStatuses = new ArrayList<>();
        for (String id : accepted) {
            getStatuses.add(getConnection(id));
        }
        Set<String> tableIds = chat.tableIds();
        System.out.printf("reset during $connect: %d of %d accepted ids never got $disconnect; GET @connections: %s;"
                + " %d left in the gateway, %d in the table%n", ghosts, accepted.size(), getStatuses,
                chat.chat.connectionIds().size(), tableIds.size());
        assertEquals(0, ghosts, "ids accepted by $connect whose $disconnect never ran\n" + chat.recentConsole());
        assertEquals(List.of(410, 410, 410, 410, 410), getStatuses, "GET @connections for the reset ids");
        assertEquals(Set.of(), chat.chat.connectionIds(), "ids the gateway still holds");
        assertEquals(Set.of(), tableIds, "ids left in the table");
        for (String id : accepted) {
            assertTrue(chat.recentConsole().lines().anyMatch(l -> l.startsWith("DISCONNECT") && l.contains(id)),
                    "no DISCONNECT line for " + id);
        }
    }

    /** The ids of the $connect invocations that answered 2xx, from the console, in order. */
    private List<String> awaitAcceptedConnects(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> ids = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ids.clear();
            chat.recentConsole().lines().map(ACCEPTED::matcher).filter(Matcher::find).forEach(m -> ids.add(m.group(1)));
            if (ids.size() >= count) {
                return ids;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + count + " accepted $connect, got " + ids + "\n" + chat.recentConsole());
    }

    private int getConnection(String id) throws Exception {
        URI url = URI.create(chat.chat.connectionsUrl() + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        return chat.http.send(HttpRequest.newBuilder(signedGet(url), (name, value) -> true)
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
