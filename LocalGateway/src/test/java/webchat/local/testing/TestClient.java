package webchat.local.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A real JDK WebSocket client: queues every text message it receives and remembers how it was closed. */
public final class TestClient implements WebSocket.Listener, AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient SHARED = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Consumer<String> onMessage;
    private WebSocket socket;

    private TestClient(Consumer<String> onMessage) {
        this.onMessage = onMessage;
    }

    /** Connects with a client shared by the tests that do not manage their own. */
    public static TestClient connect(URI url) {
        return connect(SHARED, url);
    }

    public static TestClient connect(HttpClient http, URI url) {
        return connectAsync(http, url, m -> {}).join();
    }

    /** Connects with a display name: {@code ?name=} on the URL, percent-encoded (Protocol v2). */
    public static TestClient connect(URI url, String name) {
        return connect(SHARED, named(url, name));
    }

    /** The WebSocket URL with {@code ?name=<name>} (UTF-8, percent-encoded; spaces as %20). */
    public static URI named(URI url, String name) {
        return URI.create(url + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** Connects; {@code onMessage} sees each text message (on the client's thread) before it is queued. */
    public static CompletableFuture<TestClient> connectAsync(HttpClient http, URI url, Consumer<String> onMessage) {
        TestClient client = new TestClient(onMessage);
        return http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(url, client)
                .thenApply(s -> {
                    client.socket = s;
                    return client;
                });
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends {@code {"action":"sendMessage","data":<data>}}, the data JSON-escaped. */
    public void sendMessage(String data) {
        sendMessage(data, null);
    }

    /** Sends a message with a {@code clientMessageId} (omitted when null), which the envelope carries back. */
    public void sendMessage(String data, String clientMessageId) {
        ObjectNode frame = JSON.createObjectNode().put("action", "sendMessage").put("data", data);
        if (clientMessageId != null) {
            frame.put("clientMessageId", clientMessageId);
        }
        send(frame.toString());
    }

    public WebSocket socket() {
        return socket;
    }

    /** The next message, waiting up to the timeout; fails the test when none comes. */
    public String next(Duration timeout) throws InterruptedException {
        String message = poll(timeout);
        if (message == null) {
            throw new AssertionError("no message within " + timeout.toMillis() + " ms");
        }
        return message;
    }

    /** The next frame, which must be a message envelope; fails the test when none comes or it is something else. */
    public ChatMessage nextMessage(Duration timeout) throws InterruptedException {
        return ChatMessage.parse(next(timeout));
    }

    /** The text of the next frame, which must be a message envelope. */
    public String nextText(Duration timeout) throws InterruptedException {
        return nextMessage(timeout).text();
    }

    /** The next message, or null when none comes within the timeout. */
    public String poll(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every message that arrives within the window. */
    public List<String> drain(Duration window) throws InterruptedException {
        List<String> messages = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        for (long left = window.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String message = received.poll(left, TimeUnit.NANOSECONDS);
            if (message != null) {
                messages.add(message);
            }
        }
        return messages;
    }

    /** Every message already received, without waiting. */
    public List<String> takeAll() {
        List<String> messages = new ArrayList<>();
        received.drainTo(messages);
        return messages;
    }

    /** The close code the server sent, or -1 when the connection failed without one. */
    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    /** Drops the TCP connection without a close frame, as a client that vanishes does. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            onMessage.accept(message);
            received.add(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        if (closeCode.isDone() || socket.isOutputClosed()) {
            socket.abort();
            return;
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
        closeCode.completeOnTimeout(-1, 5, TimeUnit.SECONDS).join();
        socket.abort();
    }
}
