package webchat.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import webchat.local.reliability.ReliabilityChat.Connected;

/**
 * The dynalite the gateway started dies (issue 14, item 4). In memory its tables die with it: every connect would
 * fail and every broadcast would reach nobody. The gateway must say so in one line, start it again on the same port
 * (the function JVMs keep their endpoint), create the tables again and close the open connections with 1012
 * (Service Restart), so that clients reconnect and are stored again.
 */
class DynaliteRestartTest {

    private static final int CLIENTS = 3;
    private static final int SERVICE_RESTART = 1012;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final ReliabilityStack stack = new ReliabilityStack();
    private final List<Connected> clients = stack.clients();
    private ReliabilityChat chat;

    @Test
    void aKilledDynaliteIsRestartedAndClientsAreClosedToReconnect() throws Exception {
        // given three chatting clients on a chat with its own in-memory dynalite
        chat = stack.start(o -> o);
        List<Connected> first = connect(CLIENTS);
        broadcastAndExpectExactlyOnce(first);
        int port = chat.chat.dynamoDbEndpoint().getPort();

        // when dynalite is killed
        long killed = System.nanoTime();
        dynaliteProcesses().forEach(ProcessHandle::destroyForcibly);

        // then one line says so, the clients are closed with 1012, and the table is there again (empty)
        List<Integer> codes = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (Connected c : first) {
            long left = Math.max(1, deadline - System.nanoTime());
            codes.add(c.client().closeCode().completeOnTimeout(-2, left, TimeUnit.NANOSECONDS).join());
        }
        long closedAfterMs = (System.nanoTime() - killed) / 1_000_000;
        List<String> notices = chat.recentConsole().lines().filter(l -> l.contains("dynalite")
                && l.contains("exited")).toList();
        System.out.printf("dynalite killed: %d line(s) saying so; clients closed with %s after %d ms%n",
                notices.size(), codes, closedAfterMs);
        assertEquals(1, notices.size(), "lines saying dynalite exited\n" + chat.recentConsole());
        assertEquals(List.of(SERVICE_RESTART, SERVICE_RESTART, SERVICE_RESTART), codes, chat.recentConsole());
        assertEquals(port, chat.chat.dynamoDbEndpoint().getPort(), "the DynamoDB endpoint moved");
        for (Connected c : first) {
            assertTrue(chat.chat.awaitDisconnected(c.id(), WAIT), "$disconnect of " + c.id());
        }

        // when they reconnect, they are stored again and chat as before
        List<Connected> again = connect(CLIENTS);
        assertEquals(ids(again), chat.tableIds(), "the table after the reconnects");
        broadcastAndExpectExactlyOnce(again);
        System.out.printf("dynalite killed: reconnected and chatting %d ms after the kill%n",
                (System.nanoTime() - killed) / 1_000_000);
    }

    private void broadcastAndExpectExactlyOnce(List<Connected> receivers) throws InterruptedException {
        String text = "restart-" + UUID.randomUUID();
        receivers.getFirst().client().sendMessage(text);
        for (Connected c : receivers) {
            Frames.awaitText(c.client(), text, WAIT);
            assertEquals(List.of(), c.client().drain(Duration.ofMillis(100)).stream()
                    .filter(f -> Frames.text(f).equals(text)).toList(), "a duplicate");
        }
    }

    private List<Connected> connect(int count) {
        List<Connected> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(chat.connect());
        }
        clients.addAll(made);
        return made;
    }

    private static Set<String> ids(List<Connected> clients) {
        Set<String> ids = new HashSet<>();
        clients.forEach(c -> ids.add(c.id()));
        return ids;
    }

    /** The node processes running dynalite that this JVM started. */
    private static List<ProcessHandle> dynaliteProcesses() {
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            List<ProcessHandle> found = all.filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains("DYNALITE_CLI")).orElse(false))
                    .toList();
            assertEquals(1, found.size(), "dynalite processes found");
            return found;
        }
    }
}
