package webchat.local;

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

/** A real JDK WebSocket client for the end-to-end tests: records every text message and the close it got. */
final class ChatClient implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static ChatClient connect(URI url) {
        ChatClient client = new ChatClient();
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(url, client).join();
        return client;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void sendMessage(String data) {
        send("{\"action\":\"sendMessage\",\"data\":\"" + data + "\"}");
    }

    /** The next message, waiting up to the timeout; fails the test when none comes. */
    String next(Duration timeout) throws InterruptedException {
        String message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout.toMillis() + " ms");
        }
        return message;
    }

    /** Every message that arrives within the window (used to prove nothing else came). */
    List<String> drain(Duration window) throws InterruptedException {
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

    /** Drops the connection without a close frame, as a client that vanishes does. */
    void abort() {
        socket.abort();
    }

    CompletableFuture<Integer> closeCode() {
        return closed;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
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
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (socket.isInputClosed() && socket.isOutputClosed()) {
            return;
        }
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
        }
        closed.completeOnTimeout(-1, 5, TimeUnit.SECONDS).join();
        socket.abort();
    }
}
