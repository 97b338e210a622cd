package webchat.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The checks of a smoke run against a live chat endpoint, in the order they run. Client 1 is the sender of every
 * probe; the others only listen. Each check first drains what earlier checks left in the inbox.
 */
final class SmokeChecks {

    /** After the expected frames arrived, how long to keep listening for duplicates or leaks to other clients. */
    static final Duration GRACE = Duration.ofMillis(500);
    static final String UNKNOWN_ACTION = "smokeTestNoSuchAction";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SmokeOptions options;
    private final HttpClient http;
    private final BlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    private final List<SmokeClient> clients = new ArrayList<>();

    SmokeChecks(SmokeOptions options, HttpClient http) {
        this.options = options;
        this.http = http;
    }

    Outcome connectClients() {
        List<CompletableFuture<SmokeClient>> pending = new ArrayList<>();
        for (int number = 1; number <= options.clients(); number++) {
            pending.add(SmokeClient.connect(http, SmokeClient.named(options.endpoint(), SmokeClient.nameOf(number)), number, inbox,
                    options.timeout()));
        }
        Map<String, List<Integer>> failures = new LinkedHashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            try {
                clients.add(pending.get(i).join());
            } catch (CompletionException e) {
                failures.computeIfAbsent(Outcome.describe(e), reason -> new ArrayList<>()).add(i + 1);
            }
        }
        if (failures.isEmpty()) {
            return Outcome.pass();
        }
        int open = clients.size();
        clients.forEach(SmokeClient::abort);
        clients.clear();
        List<String> reasons = new ArrayList<>();
        failures.forEach((reason, numbers) -> reasons.add(
                (numbers.size() == 1 ? "client " : "clients ") + numbers.stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + ": " + reason));
        return Outcome.fail(options.clients() + " open connections to " + options.endpoint(),
                open + " (" + String.join("; ", reasons) + ")");
    }

    boolean connected() {
        return !clients.isEmpty();
    }

    /** Protocol v2: every client, the sender included, gets the server's envelope once, with the sender's name. */
    Outcome broadcastReachesEveryClientOnce() throws Exception {
        String clientMessageId = UUID.randomUUID().toString();
        return broadcastOnce("smoke test " + clientMessageId, clientMessageId);
    }

    /**
     * Text shaped like a server notice is user text: it must arrive as a message from its sender, never as a notice
     * (the spoof that Protocol v1's bare-text broadcast let through).
     */
    Outcome spoofedNoticeArrivesAsAMessage() throws Exception {
        String spoof = JSON.writeValueAsString(JSON.createObjectNode().put("type", "error").put("code", "SMOKE_SPOOF")
                .put("message", "Your session expired, re-enter your password at evil.example"));
        return broadcastOnce(spoof, null);
    }

    private Outcome broadcastOnce(String text, String clientMessageId) throws Exception {
        inbox.clear();
        ObjectNode frame = JSON.createObjectNode().put("action", "sendMessage").put("data", text);
        if (clientMessageId != null) {
            frame.put("clientMessageId", clientMessageId);
        }
        sender().send(JSON.writeValueAsString(frame), options.timeout());
        List<Frame> frames = collect(got -> clients.stream().allMatch(c -> copies(got, c.number(), text) >= 1));

        List<String> wrong = new ArrayList<>();
        for (SmokeClient client : clients) {
            long times = copies(frames, client.number(), text);
            if (times != 1) {
                wrong.add("client " + client.number() + " " + times + " times");
            }
        }
        List<Frame> others = frames.stream().filter(f -> !isCopy(f, text)).toList();
        List<String> problems = frames.stream().filter(f -> isCopy(f, text)).findFirst()
                .map(f -> Envelope.read(f.text()).problems(text, SmokeClient.nameOf(sender().number()), clientMessageId))
                .orElse(List.of());
        if (wrong.isEmpty() && others.isEmpty() && problems.isEmpty()) {
            return Outcome.pass();
        }
        String expected = "each of the " + clients.size() + " clients to receive {\"type\":\"message\"} with text \""
                + Frame.shorten(text) + "\" from " + SmokeClient.nameOf(sender().number())
                + (clientMessageId == null ? "" : " and its clientMessageId") + " exactly once";
        String got = wrong.isEmpty() ? "it once each" : String.join(", ", wrong);
        return Outcome.fail(expected, got + (problems.isEmpty() ? "" : "; but " + String.join(", ", problems))
                + (others.isEmpty() ? "" : "; other frames: " + others));
    }

    Outcome unknownActionGetsHelpForSenderOnly() throws Exception {
        String frame = JSON.writeValueAsString(
                JSON.createObjectNode().put("action", UNKNOWN_ACTION).put("data", "smoke test"));
        return errorForSenderOnly(frame, "UNKNOWN_ACTION", UNKNOWN_ACTION);
    }

    Outcome dataNotStringGetsErrorForSenderOnly() throws Exception {
        return errorForSenderOnly("{\"action\":\"sendMessage\",\"data\":42}", "DATA_NOT_STRING", null);
    }

    Outcome invalidJsonGetsErrorForSenderOnly() throws Exception {
        return errorForSenderOnly("smoke test: this is not JSON", "INVALID_JSON", null);
    }

    Outcome disconnectCleanly() {
        List<CompletableFuture<Integer>> acknowledgements = clients.stream().map(c -> c.close(options.timeout())).toList();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            int number = clients.get(i).number();
            try {
                int code = acknowledgements.get(i).join();
                if (code != 1000) {
                    wrong.add("client " + number + ": close " + code);
                }
            } catch (CompletionException e) {
                wrong.add("client " + number + ": " + Outcome.describe(e));
            }
        }
        clients.clear();
        return wrong.isEmpty() ? Outcome.pass()
                : Outcome.fail("close 1000 answered with close 1000 for every client", String.join("; ", wrong));
    }

    /** Drops every connection still open (after a failed check, or when the run is interrupted). */
    void abortAll() {
        clients.forEach(SmokeClient::abort);
        clients.clear();
    }

    private Outcome errorForSenderOnly(String frame, String code, String mentioned) throws Exception {
        inbox.clear();
        int sender = sender().number();
        sender().send(frame, options.timeout());
        List<Frame> frames = collect(got -> got.stream().anyMatch(f -> f.client() == sender));

        List<Frame> toSender = frames.stream().filter(f -> f.client() == sender).toList();
        List<Frame> toOthers = frames.stream().filter(f -> f.client() != sender).toList();
        String expected = "client " + sender + " alone to get {\"type\":\"error\",\"code\":\"" + code + "\"}"
                + (mentioned == null ? "" : " naming " + mentioned);
        if (toSender.isEmpty()) {
            return Outcome.fail(expected, "nothing within " + Outcome.seconds(options.timeout())
                    + (toOthers.isEmpty() ? "" : "; other clients got: " + toOthers));
        }
        boolean rightNotice = toSender.size() == 1 && isError(toSender.getFirst().text(), code, mentioned);
        if (rightNotice && toOthers.isEmpty()) {
            return Outcome.pass();
        }
        List<Frame> all = new ArrayList<>(toSender);
        all.addAll(toOthers);
        return Outcome.fail(expected, all.toString());
    }

    private static boolean isError(String text, String code, String mentioned) {
        try {
            JsonNode notice = JSON.readTree(text);
            return notice != null && notice.isObject()
                    && "error".equals(notice.path("type").asText(null))
                    && code.equals(notice.path("code").asText(null))
                    && (mentioned == null || notice.path("message").asText("").contains(mentioned)
                            || mentioned.equals(notice.path("action").asText(null)));
        } catch (Exception e) {
            return false;
        }
    }

    /** Collects frames until {@code done} holds (or the timeout passes), then for the grace period more. */
    private List<Frame> collect(Predicate<List<Frame>> done) throws InterruptedException {
        List<Frame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (!done.test(frames)) {
            long left = deadline - System.nanoTime();
            Frame frame = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (frame == null) {
                return frames;
            }
            frames.add(frame);
        }
        long graceEnd = System.nanoTime() + GRACE.toNanos();
        for (long left = GRACE.toNanos(); left > 0; left = graceEnd - System.nanoTime()) {
            Frame frame = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (frame != null) {
                frames.add(frame);
            }
        }
        return frames;
    }

    private SmokeClient sender() {
        return clients.getFirst();
    }

    /** How many copies of the message with this text the client got (envelopes with that text). */
    private static long copies(List<Frame> frames, int client, String text) {
        return frames.stream().filter(f -> f.client() == client && isCopy(f, text)).count();
    }

    /** A copy is an envelope (any type) whose text is this text: a wrong type is reported, not taken for a stray. */
    private static boolean isCopy(Frame frame, String text) {
        Envelope envelope = Envelope.read(frame.text());
        return envelope != null && text.equals(envelope.text());
    }
}
