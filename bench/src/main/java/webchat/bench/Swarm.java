package webchat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many live JDK WebSocket clients of one chat. Every complete text message any of them receives goes to the current
 * {@link Sink} with the receiving client's index and the arrival time: for a Protocol v2 message envelope
 * ({@code {"type":"message",...,"text":...}}) its {@code text}, for any other frame (a notice) the frame itself.
 */
final class Swarm implements AutoCloseable {

    /** Receives every message: which client, what text (an envelope's text), {@link System#nanoTime()} on arrival. */
    interface Sink {
        void received(int client, String text, long arrivedNanos);
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final int CLIENTS_PER_SELECTOR = 500;
    private static final int CONNECTS_IN_FLIGHT = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final List<HttpClient> httpClients = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private volatile Sink sink = (client, text, nanos) -> {};

    Swarm(URI url) {
        this.url = url;
    }

    void sink(Sink value) {
        sink = value;
    }

    int size() {
        return sockets.size();
    }

    WebSocket socket(int index) {
        return sockets.get(index);
    }

    /** How many connections the server closed (a healthy run has none). */
    int closedByServer() {
        return closedByServer.get();
    }

    /** Connects clients until there are {@code total}, a few handshakes at a time (each waits for $connect). */
    void growTo(int total) throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        for (int index = sockets.size() + pending.size(); index < total; index++) {
            inFlight.acquire();
            HttpClient http = httpClient(index);
            CompletableFuture<WebSocket> socket = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .buildAsync(url, new Member(index));
            socket.whenComplete((s, e) -> inFlight.release());
            pending.add(socket);
        }
        for (CompletableFuture<WebSocket> socket : pending) {
            try {
                sockets.add(socket.get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException("client " + sockets.size() + " could not connect to " + url + ": "
                        + e, e);
            }
        }
    }

    /** The sendMessage frame for {@code data}, with a {@code clientMessageId} the envelope carries back. */
    static String sendMessage(String data, String clientMessageId) {
        return JSON.createObjectNode().put("action", "sendMessage").put("data", data)
                .put("clientMessageId", clientMessageId).toString();
    }

    /** An envelope's text, or the frame as it came when it is not a message envelope. */
    static String textOf(String frame) {
        if (!frame.startsWith("{")) {
            return frame;
        }
        try {
            JsonNode json = JSON.readTree(frame);
            JsonNode text = json.path("text");
            return "message".equals(json.path("type").asText()) && text.isTextual() ? text.asText() : frame;
        } catch (IOException e) {
            return frame;
        }
    }

    /** Drops every connection without a close frame (the gateway runs $disconnect for each). */
    @Override
    public void close() {
        sockets.forEach(WebSocket::abort);
        sockets.clear();
        httpClients.forEach(HttpClient::close);
        httpClients.clear();
    }

    private HttpClient httpClient(int index) {
        int which = index / CLIENTS_PER_SELECTOR;
        while (httpClients.size() <= which) {
            httpClients.add(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
        }
        return httpClients.get(which);
    }

    /** One client: joins fragments, hands complete text messages to the sink. */
    private final class Member implements WebSocket.Listener {
        private final int index;
        private final StringBuilder partial = new StringBuilder();

        Member(int index) {
            this.index = index;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                sink.received(index, textOf(text), now);
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
            closedByServer.incrementAndGet();
            return null;
        }
    }
}
