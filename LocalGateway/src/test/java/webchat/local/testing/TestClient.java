package webchat.local.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
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

    public void sendMessage(String data) {
        send("{\"action\":\"sendMessage\",\"data\":\"" + data + "\"}");
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
