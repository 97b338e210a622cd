import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The first $connect and the first broadcast a user gets right after `./webchat start` prints ready, against the
 * warm ones, as one WebSocket client sees them (the whole local stack: gateway, function, DynamoDB).
 *
 * <p>Run it at once after "webchat is running", from the project folder:
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/FirstUse.java ws://127.0.0.1:3001/dev}
 * (any JDK 17 or later). Round 1 is the first use; then it waits {@code PAUSE_S} seconds, so that the environments
 * the gateway prepares in reserve after the first restores have finished their init and priming and do not slow the
 * warm rounds down, and runs the warm rounds, each on a new connection: connect, send, wait for the broadcast.
 */
public class FirstUse {

    private static final int PAUSE_S = 75;

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args.length > 0 ? args[0] : "ws://127.0.0.1:3001/dev");
        int warmRounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        HttpClient http = HttpClient.newHttpClient();
        warmOwnClient(http);
        double[] first = round(http, endpoint, 0);
        System.out.printf("first: $connect %.1f ms, broadcast %.1f ms; waiting %d s before the warm rounds%n",
                first[0], first[1], PAUSE_S);
        TimeUnit.SECONDS.sleep(PAUSE_S);
        List<Double> connects = new ArrayList<>();
        List<Double> broadcasts = new ArrayList<>();
        for (int i = 1; i <= warmRounds; i++) {
            double[] warm = round(http, endpoint, i);
            connects.add(warm[0]);
            broadcasts.add(warm[1]);
        }
        double connectWarm = median(connects);
        double broadcastWarm = median(broadcasts);
        System.out.printf("warm (median of %d): $connect %.1f ms, broadcast %.1f ms%n", warmRounds, connectWarm,
                broadcastWarm);
        System.out.printf("first / warm: $connect %.2fx, broadcast %.2fx (target <= 2x)%n", first[0] / connectWarm,
                first[1] / broadcastWarm);
    }

    /** Connects (time to the upgrade), sends one message and waits for its broadcast (time from the send). */
    private static double[] round(HttpClient http, URI endpoint, int round) throws Exception {
        String text = "first-use-" + round + "-" + UUID.randomUUID();
        CompletableFuture<Long> arrived = new CompletableFuture<>();
        long connecting = System.nanoTime();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(endpoint + "?name=FirstUse"), new WebSocket.Listener() {
                    private final StringBuilder frame = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        frame.append(data);
                        if (last) {
                            if (frame.toString().contains(text)) {
                                arrived.complete(System.nanoTime());
                            }
                            frame.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        double connectMs = (System.nanoTime() - connecting) / 1e6;
        long sent = System.nanoTime();
        socket.sendText("{\"action\":\"sendMessage\",\"data\":\"" + text + "\"}", true).get(10, TimeUnit.SECONDS);
        double broadcastMs = (arrived.get(30, TimeUnit.SECONDS) - sent) / 1e6;
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        return new double[] {connectMs, broadcastMs};
    }

    /**
     * This JVM's own WebSocket client is cold too, and its first handshake alone cost ~190 ms here: a browser tab has
     * no such cost. One round against a minimal WebSocket echo of this process's own, on 127.0.0.1 (handshake, one
     * text frame each way, close), loads and runs that code first, so the figures are the stack's.
     */
    private static void warmOwnClient(HttpClient http) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                try (Socket socket = server.accept()) {
                    var in = new DataInputStream(socket.getInputStream());
                    var out = socket.getOutputStream();
                    String key = null;
                    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                            key = line.substring(line.indexOf(':') + 1).strip();
                        }
                    }
                    // RFC 6455 section 4.2.2: the accept value is base64(SHA-1(key + the protocol's GUID)).
                    String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                            (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    // One masked client text frame under 126 bytes: 2 header bytes, the 4-byte mask, the payload.
                    in.readUnsignedByte();
                    byte[] mask = new byte[4];
                    byte[] payload = new byte[in.readUnsignedByte() & 0x7f];
                    in.readFully(mask);
                    in.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                    out.write(new byte[] {(byte) 0x81, (byte) payload.length});
                    out.write(payload);
                    out.write(new byte[] {(byte) 0x88, 0});
                    out.flush();
                    socket.getInputStream().readAllBytes();
                } catch (Exception e) {
                    System.err.println("warming this client up: " + e);
                }
            });
            CompletableFuture<String> echoed = new CompletableFuture<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            echoed.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText("{\"action\":\"sendMessage\",\"data\":\"warm-up\"}", true).get(10, TimeUnit.SECONDS);
            echoed.get(10, TimeUnit.SECONDS);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
            echo.join(10_000);
        }
    }

    private static String readLine(DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
