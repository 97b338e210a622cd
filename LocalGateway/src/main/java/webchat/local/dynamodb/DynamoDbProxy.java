package webchat.local.dynamodb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The local DynamoDB endpoint that the functions and tools are given: a relay on a loopback port in front of the
 * DynamoDB server (dynalite) that refuses what only a browser sends and passes everything else through byte for byte.
 * dynalite itself answers any web page: a CORS preflight gets {@code Access-Control-Allow-Origin: *}, and it checks no
 * signature, so a page that found its port could read and change the tables.
 *
 * <p>Refused with 403 and no {@code Access-Control-*} header (so a page cannot even read the answer): any request
 * with an {@code Origin}, {@code Sec-Fetch-Mode} or {@code Sec-Fetch-Site} header (browsers add them; the SDKs and the CLI never do), any
 * {@code OPTIONS} (a CORS preflight), and any request whose Host is not this relay's loopback address and port (DNS
 * rebinding). Only request heads are read; bodies and responses are copied as they are.
 */
public final class DynamoDbProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Supplier<URI> target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private DynamoDbProxy(ServerSocket server, Supplier<URI> target) {
        this.server = server;
        this.target = target;
    }

    /**
     * Listens on a free loopback port.
     *
     * @param target the DynamoDB server's endpoint, asked again for each new connection (it may move on a restart)
     */
    public static DynamoDbProxy start(Supplier<URI> target) throws IOException {
        var server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        var proxy = new DynamoDbProxy(server, target);
        Thread.ofPlatform().daemon().name("dynamodb-proxy").start(proxy::acceptLoop);
        return proxy;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void close() {
        closeQuietly(server);
        sockets.forEach(DynamoDbProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                var client = server.accept();
                // Platform threads: a virtual thread blocked on a socket is woken through the JDK's poller thread,
                // an extra hand-off per read that made each proxied call measurably slower on a loaded machine.
                Thread.ofPlatform().daemon().name("dynamodb-proxy-client").start(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        sockets.add(client);
        Socket upstream = null;
        try {
            client.setTcpNoDelay(true);
            var in = new BufferedInputStream(client.getInputStream(), 16 * 1024);
            OutputStream out = null;
            for (var head = RequestHead.read(in); head != null; head = RequestHead.read(in)) {
                var refusal = head.refusal(server.getLocalPort());
                if (refusal != null) {
                    refuse(client, refusal);
                    return;
                }
                if (upstream == null) {
                    upstream = connectUpstream(client);
                    out = new BufferedOutputStream(upstream.getOutputStream(), 16 * 1024);
                }
                out.write(head.bytes());
                head.copyBody(in, out);
                out.flush();
            }
        } catch (IOException | RuntimeException dropped) {
            // the client or the server went away, or sent something that is not HTTP: drop the connection
        } finally {
            closeQuietly(client);
            if (upstream != null) {
                closeQuietly(upstream);
            }
            sockets.remove(client);
        }
    }

    /** Connects to the DynamoDB server and starts copying its answers back to the client. */
    private Socket connectUpstream(Socket client) throws IOException {
        var endpoint = target.get();
        var upstream = new Socket();
        sockets.add(upstream);
        upstream.setTcpNoDelay(true);
        upstream.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5_000);
        Thread.ofPlatform().daemon().name("dynamodb-proxy-server").start(() -> {
            try {
                upstream.getInputStream().transferTo(client.getOutputStream());
            } catch (IOException closed) {
                // either side closed
            } finally {
                closeQuietly(client);
                sockets.remove(upstream);
            }
        });
        return upstream;
    }

    private static void refuse(Socket client, String reason) throws IOException {
        var body = ("{\"message\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8);
        var head = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        var out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing: nothing more to do
        }
    }
}
