package webchat.sendmessage;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.net.ssl.SSLServerSocket;

/**
 * Priming's @connections stand-in: HTTP/1.1 over TLS on 127.0.0.1, answering each request as @connections answers a
 * post (200, an x-amzn-RequestId, no body; or 410 for a connection that has gone) on kept-alive connections.
 * Deliberately small and blocking, one thread per connection on an SSLSocket like the client's, so that warming up
 * spends its CPU, and the JIT its work, on the TLS code the serving client shares rather than on a server's own
 * machinery.
 */
final class LoopbackConnections implements AutoCloseable {

    /** @connections' answer for a connection that has gone, as the local gateway gives it too. */
    private static final String GONE = "HTTP/1.1 410 Gone\r\nx-amzn-RequestId: priming\r\n"
            + "x-amzn-ErrorType: GoneException\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n"
            + "{\"message\":null}";

    private final SSLServerSocket server;
    private final Predicate<String> requests;
    private final int closeEvery;
    private final AtomicLong answers = new AtomicLong();
    private final AtomicInteger accepted = new AtomicInteger();

    private LoopbackConnections(SSLServerSocket server, Predicate<String> requests, int closeEvery) {
        this.server = server;
        this.requests = requests;
        this.closeEvery = closeEvery;
    }

    /**
     * Listens on a free port of 127.0.0.1 with {@code tls}'s key; {@code requests} hears "METHOD /path" of each
     * request and answers false for a connection that has gone (the answer is then @connections' 410). Every
     * {@code closeEvery}th answer (0: none) closes its connection ({@code Connection: close}), so that the client's
     * next post opens a new one, as a restored environment's first post does.
     */
    static LoopbackConnections start(LoopbackTls tls, Predicate<String> requests, int closeEvery)
            throws IOException, GeneralSecurityException {
        var server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 128, InetAddress.getLoopbackAddress());
        var connections = new LoopbackConnections(server, requests, closeEvery);
        Thread.ofPlatform().daemon().name("priming-connections").start(connections::accept);
        return connections;
    }

    /** How many connections clients have opened. */
    int connectionsAccepted() {
        return accepted.get();
    }

    URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                // As execute-api's servers do not make a client wait for a delayed ACK: without it, a new
                // connection's answer (written after the server's session ticket) waited 40-50 ms for one.
                socket.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().name("priming-connection").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            String head;
            while ((head = readHead(in)) != null) {
                in.readNBytes(contentLength(head));
                boolean connected = requests.test(head.substring(0, head.indexOf(' ', head.indexOf(' ') + 1)));
                boolean close = closeEvery > 0 && answers.incrementAndGet() % closeEvery == 0;
                String answer = connected ? "HTTP/1.1 200 OK\r\nx-amzn-RequestId: " + UUID.randomUUID()
                        + "\r\nContent-Length: 0\r\n\r\n" : GONE;
                out.write((close ? answer.replaceFirst("\r\n", "\r\nConnection: close\r\n") : answer)
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the stand-in is closing
        }
    }

    /** The request line and headers up to the blank line, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }
}
