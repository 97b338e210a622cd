package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client that keeps what it receives for the test to take. */
final class TestClient implements WebSocket.Listener {

    record Closed(int statusCode, String reason) {}

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partialText = new StringBuilder();
    private WebSocket socket;

    static TestClient connect(URI uri) throws Exception {
        var client = new TestClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("User-Agent", "gateway-test")
                .buildAsync(uri, client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    WebSocket socket() {
        return socket;
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    /** The next text message, waiting up to 10 s. */
    String nextText() throws InterruptedException {
        var message = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(message, "no message within 10 s");
        if (!(message instanceof String text)) {
            throw new AssertionError("expected a text message, got " + message);
        }
        return text;
    }

    /** The next binary message, waiting up to 10 s. */
    byte[] nextBinary() throws InterruptedException {
        var message = received.poll(10, TimeUnit.SECONDS);
        if (!(message instanceof byte[] bytes)) {
            throw new AssertionError("expected a binary message, got " + message);
        }
        return bytes;
    }

    /** A message if one arrives within the time, else null. */
    Object poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    Closed awaitClosed() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            received.add(partialText.toString());
            partialText.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        var bytes = new byte[data.remaining()];
        data.get(bytes);
        received.add(bytes);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
