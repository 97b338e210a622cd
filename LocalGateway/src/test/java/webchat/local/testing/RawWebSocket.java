package webchat.local.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A WebSocket client written by hand on a plain socket, to misbehave in ways real clients will not. */
public final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Performs the opening handshake and returns once the server answered 101. */
    public static RawWebSocket connect(URI uri) throws IOException {
        var raw = new RawWebSocket(new Socket(uri.getHost(), uri.getPort()));
        var key = Base64.getEncoder().encodeToString("raw-test-key-123".getBytes(StandardCharsets.US_ASCII));
        var request = "GET " + uri.getPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        raw.out.write(request.getBytes(StandardCharsets.US_ASCII));
        raw.out.flush();
        var status = raw.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            raw.close();
            throw new IOException("upgrade refused: " + status);
        }
        return raw;
    }

    /** Sends a close frame with no status code (the server reports 1005). */
    public void sendEmptyCloseFrame() throws IOException {
        out.write(new byte[] {(byte) 0x88, (byte) 0x80, 1, 2, 3, 4});
        out.flush();
    }

    /** Sends one masked text frame, however large, exactly as given (no fragmenting). */
    public void sendTextFrame(String text) throws IOException {
        sendTextFrame(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one masked text frame with exactly these payload bytes, valid UTF-8 or not. */
    public void sendTextFrame(byte[] bytes) throws IOException {
        var payload = bytes.clone();
        var header = new java.io.ByteArrayOutputStream();
        header.write(0x81);
        if (payload.length < 126) {
            header.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            header.write(0x80 | 126);
            header.write(payload.length >>> 8);
            header.write(payload.length & 0xFF);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = {7, 11, 13, 17};
        header.write(mask);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        out.write(header.toByteArray());
        out.write(payload);
        out.flush();
    }

    /** Reads the server's frames until its close frame and returns the close status code. */
    public int awaitCloseCode() throws IOException {
        socket.setSoTimeout(10_000);
        while (true) {
            var first = readByte();
            var length = (long) (readByte() & 0x7F);
            if (length == 126) {
                length = ((long) readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            var payload = in.readNBytes((int) length);
            if ((first & 0x0F) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            }
        }
    }

    private int readByte() throws IOException {
        var b = in.read();
        if (b < 0) {
            throw new IOException("connection closed before a close frame");
        }
        return b;
    }

    /** Drops the TCP connection without any close frame (the server reports 1006). */
    @Override
    public void close() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private String readHeaders() throws IOException {
        var headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            var b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        return headers.toString();
    }
}
