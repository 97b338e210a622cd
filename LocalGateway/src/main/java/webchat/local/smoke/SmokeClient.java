package webchat.local.smoke;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** One WebSocket client of the smoke test: whole text messages go to a shared inbox tagged with its number. */
final class SmokeClient implements WebSocket.Listener {

    private final int number;
    private final BlockingQueue<Frame> inbox;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closedByServer = new CompletableFuture<>();
    private volatile WebSocket socket;

    private SmokeClient(int number, BlockingQueue<Frame> inbox) {
        this.number = number;
        this.inbox = inbox;
    }

    /** Opens a connection; the future fails with the handshake's or the network's error. */
    static CompletableFuture<SmokeClient> connect(HttpClient http, URI endpoint, int number, BlockingQueue<Frame> inbox,
                                                  Duration timeout) {
        SmokeClient client = new SmokeClient(number, inbox);
        return http.newWebSocketBuilder()
                .connectTimeout(timeout)
                .buildAsync(endpoint, client)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    /** The display name client {@code number} connects with. */
    static String nameOf(int number) {
        return "smoke-" + number;
    }

    /** The endpoint with {@code name=} added to its query (Protocol v2's display name). */
    static URI named(URI endpoint, String name) {
        String query = "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        String url = endpoint.toString();
        return URI.create(url + (endpoint.getRawQuery() == null ? "?" : "&") + query);
    }

    int number() {
        return number;
    }

    /** Sends one text frame and waits until it has been handed to the network. */
    void send(String text, Duration timeout) throws Exception {
        socket.sendText(text, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a close frame with status 1000; the future completes with the status code of the server's reply. */
    CompletableFuture<Integer> close(Duration timeout) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "smoke test done");
        return closedByServer.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops the connection without a closing handshake (used when the run cannot go on). */
    void abort() {
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            inbox.add(new Frame(number, partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (last) {
            inbox.add(new Frame(number, "<binary message>"));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedByServer.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedByServer.completeExceptionally(error);
    }
}
