package webchat.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import webchat.local.reliability.ReliabilityChat.Connected;
import webchat.local.testing.RawWebSocket;
import webchat.local.testing.TestClient;

/**
 * Bad input: generated frames of every kind a broken or hostile client sends. Each gets AWS's behaviour (an error
 * notice to the sender, or the connection closed with the right code), nothing crashes, other clients see nothing,
 * and the table holds exactly the live connections afterwards.
 */
class BadInputTest {

    /** Frames answered with a notice; the connection-closing kinds come on top. */
    private static final int NOTICE_FRAMES = Integer.getInteger("webchat.badInput.noticeFrames", 9_900);
    private static final int CLOSING_FRAMES_PER_KIND = 25;
    private static final int SENDERS = 6;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ReliabilityChat chat;

    /** A frame and the notice codes that are a right answer to it. */
    record BadFrame(String kind, List<String> fragments, Set<String> codes) {}

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
    void tenThousandBadFramesEachGetAwsBehaviourAndNobodyElseSeesAnything() throws Exception {
        // given three observers and six senders
        List<Connected> observers = List.of(chat.connect(), chat.connect(), chat.connect());
        List<Connected> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(chat.connect());
        }
        List<BadFrame> frames = generate(new Random(20251125), NOTICE_FRAMES);
        Map<String, AtomicInteger> sentByKind = new ConcurrentHashMap<>();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());

        // when the senders send every generated frame, each waiting for the answer before its next frame,
        // while connection-closing frames (binary, oversized, over 128 KB, invalid UTF-8) go on new connections
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                TestClient sender = senders.get(s).client();
                List<BadFrame> share = frames.subList(frames.size() * s / SENDERS, frames.size() * (s + 1) / SENDERS);
                work.add(pool.submit(() -> sendAndCheck(sender, share, sentByKind, wrong)));
            }
            work.add(pool.submit(() -> closingFrames(sentByKind, wrong)));
            for (Future<?> f : work) {
                f.get(240, TimeUnit.SECONDS);
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        int total = sentByKind.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.println("bad input: " + total + " frames in " + seconds + " s: " + sentByKind);

        // then every frame got the right answer, observers saw nothing, and the table holds the live connections
        assertTrue(total >= Math.min(10_000, NOTICE_FRAMES + 4 * CLOSING_FRAMES_PER_KIND), "sent " + total);
        assertEquals(List.of(), wrong.stream().limit(10).toList(), wrong.size() + " wrong answers; failed "
                + "invocations and exceptions on the console:\n" + chat.problems());
        for (Connected observer : observers) {
            assertEquals(List.of(), observer.client().drain(Duration.ofMillis(200)), "an observer saw a frame");
        }
        Set<String> live = new HashSet<>();
        observers.forEach(c -> live.add(c.id()));
        senders.forEach(c -> live.add(c.id()));
        assertEquals(live, chat.chat.connectionIds(), "the gateway's open connections");
        assertEquals(live, chat.tableIds(), "the connections table");
        for (Connected c : senders) {
            c.client().abort();
        }
        for (Connected c : observers) {
            c.client().abort();
        }
    }

    private static Void sendAndCheck(TestClient sender, List<BadFrame> share, Map<String, AtomicInteger> sent,
                                     List<String> wrong) throws Exception {
        for (BadFrame frame : share) {
            List<String> parts = frame.fragments();
            for (int i = 0; i < parts.size(); i++) {
                sender.socket().sendText(parts.get(i), i == parts.size() - 1).join();
            }
            sent.computeIfAbsent(frame.kind(), k -> new AtomicInteger()).incrementAndGet();
            String answer = sender.poll(WAIT);
            String code = answer == null ? "(no answer)" : codeOf(answer);
            if (!frame.codes().contains(code)) {
                wrong.add(frame.kind() + " " + abbreviate(String.join("", parts)) + " -> " + abbreviate(
                        String.valueOf(answer)));
            }
        }
        return null;
    }

    /** Binary frames close with 1003, frames over 32 KB and messages over 128 KB with 1009, invalid UTF-8 with 1007. */
    private static Void closingFrames(Map<String, AtomicInteger> sent, List<String> wrong) throws Exception {
        List<String> closedIds = new ArrayList<>();
        for (int i = 0; i < CLOSING_FRAMES_PER_KIND; i++) {
            expectClose("binary", 1003, c -> c.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join(),
                    sent, wrong, closedIds);
            expectRawClose("frame over 32 KB", message("x".repeat(33 * 1024)).getBytes(StandardCharsets.UTF_8), 1009,
                    sent, wrong, closedIds);
            expectClose("message over 128 KB", 1009, c -> {
                String body = message("y".repeat(140 * 1024));
                for (int at = 0; at < body.length(); at += 16 * 1024) {
                    int end = Math.min(body.length(), at + 16 * 1024);
                    c.sendText(body.substring(at, end), end == body.length()).exceptionally(e -> null).join();
                }
            }, sent, wrong, closedIds);
            invalidUtf8(sent, wrong, closedIds);
        }
        for (String id : closedIds) {
            if (!chat.chat.awaitDisconnected(id, WAIT)) {
                wrong.add("$disconnect never finished for " + id);
            }
        }
        return null;
    }

    private interface Action {
        void on(WebSocket socket) throws Exception;
    }

    private static void expectClose(String kind, int code, Action action, Map<String, AtomicInteger> sent,
                                    List<String> wrong, List<String> closedIds) throws Exception {
        Connected c = chat.connect();
        closedIds.add(c.id());
        action.on(c.client().socket());
        sent.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        int got = c.client().closeCode().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (got != code) {
            wrong.add(kind + " closed with " + got + " instead of " + code);
        }
        c.client().abort();
    }

    private static void invalidUtf8(Map<String, AtomicInteger> sent, List<String> wrong, List<String> closedIds)
            throws Exception {
        byte[] prefix = "{\"action\":\"sendMessage\",\"data\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[prefix.length + 3];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        payload[prefix.length] = (byte) 0xC3;
        payload[prefix.length + 1] = (byte) 0x28;
        payload[prefix.length + 2] = (byte) 0xFF;
        expectRawClose("invalid UTF-8", payload, 1007, sent, wrong, closedIds);
    }

    /**
     * Sends one frame exactly as given over a hand-made socket (the JDK client splits a large message into frames
     * under 32 KB, which API Gateway accepts) and checks the close code.
     */
    private static void expectRawClose(String kind, byte[] frame, int code, Map<String, AtomicInteger> sent,
                                       List<String> wrong, List<String> closedIds) throws Exception {
        String id;
        int got;
        synchronized (chat) {
            Set<String> before = new HashSet<>(chat.chat.connectionIds());
            try (RawWebSocket raw = RawWebSocket.connect(chat.chat.webSocketUrl())) {
                Set<String> after = new HashSet<>(chat.chat.connectionIds());
                after.removeAll(before);
                id = after.iterator().next();
                raw.sendTextFrame(frame);
                got = raw.awaitCloseCode();
            }
        }
        closedIds.add(id);
        sent.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        if (got != code) {
            wrong.add(kind + " closed with " + got + " instead of " + code);
        }
    }

    /** Seeded, so a failure can be replayed: the kinds in turn, each with random content. */
    static List<BadFrame> generate(Random random, int count) {
        List<BadFrame> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            frames.add(switch (i % 8) {
                case 0 -> one("invalid JSON", garbage(random), "INVALID_JSON");
                case 1 -> one("truncated JSON", "{\"action\":\"sendMessage\",\"data\":\"" + word(random, 20),
                        "INVALID_JSON");
                case 2 -> wrongType(random);
                case 3 -> deepNesting(random);
                case 4 -> one("unknown action", "{\"action\":\"x-" + word(random, 1 + random.nextInt(300))
                        + "\",\"data\":\"hi\"}", "UNKNOWN_ACTION");
                case 5 -> empty(random);
                case 6 -> missing(random);
                default -> huge(random);
            });
        }
        return frames;
    }

    private static BadFrame wrongType(Random random) {
        String[] values = {"123", "-1.5e300", "true", "false", "{}", "[]", "{\"text\":\"hi\"}", "[\"hi\"]"};
        return one("wrong type", message(values[random.nextInt(values.length)]), "DATA_NOT_STRING");
    }

    private static BadFrame deepNesting(Random random) {
        int depth = 50 + random.nextInt(3000);
        if (random.nextBoolean()) {
            return one("deep nesting", message("[".repeat(depth) + "]".repeat(depth)), "DATA_NOT_STRING",
                    "INVALID_JSON");
        }
        return one("deep nesting", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth), "MISSING_ACTION",
                "INVALID_JSON");
    }

    private static BadFrame empty(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> one("empty", "", "INVALID_JSON");
            case 1 -> one("empty", " \t\n ", "INVALID_JSON");
            case 2 -> one("empty", "{\"action\":\"sendMessage\",\"data\":\"\"}", "MISSING_DATA");
            default -> one("empty", "{}", "MISSING_ACTION");
        };
    }

    private static BadFrame missing(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> one("missing field", "{\"action\":\"sendMessage\"}", "MISSING_DATA");
            case 1 -> one("missing field", "{\"action\":\"sendMessage\",\"data\":null}", "MISSING_DATA",
                    "DATA_NOT_STRING");
            case 2 -> one("wrong type", "{\"action\":" + random.nextInt() + ",\"data\":\"hi\"}", "MISSING_ACTION");
            case 3 -> one("wrong type", "{\"action\":null}", "MISSING_ACTION");
            default -> one("wrong type", "[\"sendMessage\",\"hi\"]", "MISSING_ACTION", "INVALID_JSON");
        };
    }

    /** Big but legal frames (under 32 KB each; fragmented messages up to 120 KB) with a wrong shape. */
    private static BadFrame huge(Random random) {
        int size = 1000 + random.nextInt(29_000);
        return switch (random.nextInt(4)) {
            case 0 -> one("huge payload", message("{\"text\":\"" + "z".repeat(size) + "\"}"), "DATA_NOT_STRING");
            case 1 -> one("huge payload", "{\"action\":\"x-" + "a".repeat(size) + "\"}", "UNKNOWN_ACTION");
            case 2 -> one("huge payload", "{\"action\":\"sendMessage\",\"data\":\"" + "q".repeat(size), "INVALID_JSON");
            default -> {
                String body = message("[\"" + "w".repeat(60_000 + random.nextInt(60_000)) + "\"]");
                List<String> parts = new ArrayList<>();
                for (int at = 0; at < body.length(); at += 30_000) {
                    parts.add(body.substring(at, Math.min(body.length(), at + 30_000)));
                }
                yield new BadFrame("huge fragmented payload", parts, Set.of("DATA_NOT_STRING"));
            }
        };
    }

    private static BadFrame one(String kind, String text, String... codes) {
        return new BadFrame(kind, List.of(text), Set.of(codes));
    }

    private static String message(String dataJson) {
        return "{\"action\":\"sendMessage\",\"data\":" + dataJson + "}";
    }

    private static String garbage(Random random) {
        String alphabet = "abc{}[]\":,\\ \u00e9\u4e2d<>&'0123456789";
        StringBuilder text = new StringBuilder("~");
        int length = random.nextInt(200);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String word(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static String codeOf(String answer) {
        try {
            JsonNode json = JSON.readTree(answer);
            if ("error".equals(json.path("type").asText())) {
                return json.path("code").asText();
            }
            return "(not a notice: " + json.path("message").asText() + ")";
        } catch (Exception e) {
            return "(not JSON)";
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...(" + text.length() + " chars)";
    }
}
