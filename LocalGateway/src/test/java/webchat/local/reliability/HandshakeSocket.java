package webchat.local.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A plain socket that sends a WebSocket upgrade request and then misbehaves as a real network can: it resets the
 * connection (TCP RST) while the gateway is still in $connect, or it completes the upgrade and never reads again.
 */
final class HandshakeSocket implements AutoCloseable {

    private final Socket socket;

    private HandshakeSocket(Socket socket) {
        this.socket = socket;
    }

    /**
     * Sends the upgrade request without waiting for the answer.
     *
     * @param receiveBuffer the socket's receive buffer in bytes (small: a client that stops reading fills it soon)
     */
    static HandshakeSocket sendUpgrade(URI url, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
        String request = "GET " + url.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + ":" + url.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new HandshakeSocket(socket);
    }

    /** Reads the answer's status line and headers: true when the gateway switched protocols (101). */
    boolean awaitSwitchingProtocols() throws IOException {
        socket.setSoTimeout(30_000);
        InputStream in = socket.getInputStream();
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        return headers.toString().startsWith("HTTP/1.1 101");
    }

    /** Drops the connection with a TCP RST (SO_LINGER 0), as a client that crashes or loses its network. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        if (!socket.isClosed()) {
            reset();
        }
    }
}
