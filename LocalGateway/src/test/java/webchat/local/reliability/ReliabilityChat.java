package webchat.local.reliability;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import webchat.local.LocalChat;
import webchat.local.LocalChatOptions;
import webchat.local.dynamodb.TableCreator;
import webchat.local.lambda.InvocationReport;
import webchat.local.testing.TestClient;

/**
 * A real local chat (the real template and functions, port 0) for the reliability tests, with what they look at:
 * the connections table, SendMessage's REPORTs, and the last console lines for failure messages.
 */
final class ReliabilityChat implements AutoCloseable {

    static final String SEND_MESSAGE = "SendMessageFunction";
    private static final int CONSOLE_LINES_KEPT = 400;
    /** Console lines that explain an Internal server error: kept whole, however long the run. */
    private static final Pattern PROBLEM = Pattern.compile("TIMEOUT|CRASHED|FUNCTION_ERROR|Task timed out|Exception|-> 5\\d\\d");


    final LocalChat chat;
    final HttpClient http = HttpClient.newHttpClient();
    private final Deque<String> console;
    private final List<String> problems;
    private final BlockingQueue<InvocationReport> sendMessageReports = new LinkedBlockingQueue<>();
    private DynamoDbClient dynamoDb;

    private ReliabilityChat(LocalChat chat, Deque<String> console, List<String> problems) {
        this.chat = chat;
        this.console = console;
        this.problems = problems;
        chat.functions().addReportListener(r -> {
            if (r.functionId().equals(SEND_MESSAGE)) {
                sendMessageReports.add(r);
            }
        });
    }

    static ReliabilityChat start(UnaryOperator<LocalChatOptions.Builder> customize) throws Exception {
        Deque<String> console = new ArrayDeque<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        LocalChatOptions.Builder options = LocalChatOptions.builder(projectRoot()).port(0)
                // The chat's behaviour, not its speed: no broadcast warm-up in SendMessage's priming (it would spend
                // up to 45 s of CPU at every start and for every environment prepared in reserve).
                .parameterOverrides(Map.of("BroadcastPrimingSeconds", "0")).console(line -> {
            synchronized (console) {
                console.addLast(line);
                if (console.size() > CONSOLE_LINES_KEPT) {
                    console.removeFirst();
                }
            }
            if (PROBLEM.matcher(line).find()) {
                problems.add(line);
            }
        });
        return new ReliabilityChat(LocalChat.start(customize.apply(options).build()), console, problems);
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("webchat.projectRoot", "..")).toAbsolutePath().normalize();
    }

    String tableName() {
        return chat.application().tables().getFirst().tableName();
    }

    synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = TableCreator.localClient(chat.dynamoDbEndpoint(), "us-east-1");
        }
        return dynamoDb;
    }

    /** Every connection id in the connections table (a full Scan). */
    Set<String> tableIds() {
        Set<String> ids = new HashSet<>();
        dynamoDb().scanPaginator(b -> b.tableName(tableName()).projectionExpression("connectionId"))
                .items().forEach(item -> ids.add(item.get("connectionId").s()));
        return ids;
    }

    /**
     * An id whose $disconnect was lost: connected 5 minutes ago. (A gone id younger than 30 s may still be inside
     * its $connect, so a broadcast leaves it alone: SendMessage prunes only older ones.)
     */
    void putStaleId(String connectionId) {
        long now = System.currentTimeMillis();
        long connectedAt = now - Duration.ofMinutes(5).toMillis();
        dynamoDb().putItem(b -> b.tableName(tableName()).item(Map.of(
                "connectionId", AttributeValue.fromS(connectionId),
                "connectedAt", AttributeValue.fromN(Long.toString(connectedAt)),
                "expiresAt", AttributeValue.fromN(Long.toString(now / 1000 + 7800)))));
    }

    /** Connects one client and returns it with its connection id (the id that appeared in the gateway). */
    Connected connect() {
        synchronized (this) {
            Set<String> before = new HashSet<>(chat.connectionIds());
            TestClient client;
            try {
                client = TestClient.connect(http, chat.webSocketUrl());
            } catch (RuntimeException e) {
                throw new IllegalStateException("could not connect: " + e + "\n" + recentConsole(), e);
            }
            Set<String> after = new HashSet<>(chat.connectionIds());
            after.removeAll(before);
            if (after.size() != 1) {
                throw new IllegalStateException("expected one new connection id, got " + after);
            }
            return new Connected(client, after.iterator().next());
        }
    }

    record Connected(TestClient client, String id) {}

    void forgetReports() {
        sendMessageReports.clear();
    }

    /** The next SendMessage REPORT, or null when none comes within the timeout. */
    InvocationReport nextSendMessageReport(Duration timeout) throws InterruptedException {
        return sendMessageReports.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last console lines (function logs, REPORTs), for assertion messages. */
    /** Every console line so far that reports a failed invocation or an exception. */
    String problems() {
        return String.join("\n", problems);
    }

    String recentConsole() {
        synchronized (console) {
            return String.join("\n", console);
        }
    }

    @Override
    public void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        // shutdownNow, not close: close() waits for every WebSocket the client opened, and tests abort theirs
        http.shutdownNow();
        chat.close();
    }
}
