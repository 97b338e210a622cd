package webchat.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import webchat.local.lambda.Invocation;
import webchat.local.lambda.InvocationReport;
import webchat.local.reliability.ReliabilityChat.Connected;
import webchat.local.testing.ChatMessage;

/** Faults: clients that vanish, ids whose $disconnect was lost, and a function JVM killed while the chat runs. */
class FaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final String SEND_MESSAGE_HANDLER = "webchat.sendmessage.SendMessageHandler";

    private static ReliabilityChat chat;
    private final List<Connected> connected = new ArrayList<>();

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

    @AfterEach
    void disconnectEveryone() throws InterruptedException {
        for (Connected c : connected) {
            c.client().close();
        }
        for (Connected c : connected) {
            chat.chat.awaitDisconnected(c.id(), WAIT);
        }
    }

    @Test
    void clientsThatVanishWithoutACloseFrameLeaveTheTableAndTheRestKeepReceiving() throws Exception {
        // given 20 clients
        List<Connected> all = connect(20);
        List<Connected> vanishing = all.subList(0, 6);
        List<Connected> staying = all.subList(6, 20);

        // when 30% of them drop their TCP connection without a close frame
        vanishing.forEach(c -> c.client().abort());
        for (Connected c : vanishing) {
            assertTrue(chat.chat.awaitDisconnected(c.id(), WAIT), "$disconnect never finished for " + c.id());
        }

        // then the table holds exactly the live connections, and a broadcast reaches each of them once
        assertEquals(ids(staying), chat.tableIds());
        broadcastAndExpectExactlyOnce(staying);
        assertEquals(ids(staying), chat.tableIds(), "the table after the broadcast");
    }

    @Test
    void idsWhoseDisconnectWasLostArePrunedByTheNextBroadcast() throws Exception {
        // given 5 live clients and 4 ids in the table whose connections are long gone
        List<Connected> live = connect(5);
        Set<String> stale = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            String id = staleId();
            chat.putStaleId(id);
            stale.add(id);
        }
        Set<String> before = chat.tableIds();
        assertTrue(before.containsAll(stale), "the stale ids are in the table before the broadcast");

        // when one broadcast runs
        broadcastAndExpectExactlyOnce(live);

        // then it has removed exactly the stale ids
        assertEquals(ids(live), chat.tableIds());
    }

    @Test
    void aKilledFunctionJvmIsReplacedByAFreshEnvironmentThatSucceeds() throws Exception {
        // given three clients and a warm SendMessage environment
        List<Connected> clients = connect(3);
        broadcastAndExpectExactlyOnce(clients);
        List<ProcessHandle> before = sendMessageJvms();
        assertFalse(before.isEmpty(), "no SendMessage JVM found among this JVM's descendants");

        // when its JVM is killed
        for (ProcessHandle jvm : before) {
            jvm.destroyForcibly();
            jvm.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        // then the next broadcast starts a new environment (a cold start) and reaches everyone once
        InvocationReport report = broadcastAndExpectExactlyOnce(clients);
        assertNotNull(report.initDurationMs(), "the invocation after the kill was not a cold start");
        List<ProcessHandle> after = sendMessageJvms();
        assertFalse(after.isEmpty());
        after.forEach(jvm -> assertFalse(before.stream().anyMatch(b -> b.pid() == jvm.pid()),
                "an old JVM is still running"));
    }

    /** One broadcast from the first client; every client gets it once and nothing else; returns its REPORT. */
    private InvocationReport broadcastAndExpectExactlyOnce(List<Connected> clients) throws Exception {
        String payload = "fault-" + UUID.randomUUID();
        chat.forgetReports();
        clients.getFirst().client().sendMessage(payload, payload);
        for (Connected c : clients) {
            String frame = c.client().poll(WAIT);
            assertNotNull(frame, "client " + c.id() + " got nothing\n" + chat.recentConsole());
            ChatMessage message = ChatMessage.parse(frame);
            assertEquals(payload, message.clientMessageId(), frame);
            assertEquals(payload, message.text(), frame);
        }
        InvocationReport report = chat.nextSendMessageReport(WAIT);
        assertNotNull(report, "no SendMessage REPORT");
        assertEquals(Invocation.Outcome.SUCCESS, report.outcome(), chat.recentConsole());
        for (Connected c : clients) {
            assertEquals(List.of(), c.client().drain(QUIET.dividedBy(clients.size())), "a duplicate or a stray");
        }
        return report;
    }

    private List<Connected> connect(int count) {
        List<Connected> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(chat.connect());
        }
        connected.addAll(made);
        return made;
    }

    private static Set<String> ids(List<Connected> clients) {
        Set<String> ids = new HashSet<>();
        clients.forEach(c -> ids.add(c.id()));
        return ids;
    }

    private static String staleId() {
        byte[] bytes = new byte[10];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).replace('+', 'A').replace('/', 'B');
    }

    private static List<ProcessHandle> sendMessageJvms() {
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            return all.filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(SEND_MESSAGE_HANDLER)).orElse(false))
                    .toList();
        }
    }
}
