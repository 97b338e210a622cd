package webchat.local.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A WebSocket client on a plain socket that sends exactly the handshake header lines it is given (names spelled as
 * given), so tests can play a browser, a bare client or a library that lowercases names, and close in every way.
 */
public final class RawHandshake implements AutoCloseable {

    /** What Chromium sends for {@code new WebSocket(url)} from a page (header names as it spells them). */
    public static List<String> browserHeaders(URI uri, String origin) {
        return List.of("Host: " + uri.getHost() + ":" + uri.getPort(), "Connection: Upgrade", "Pragma: no-cache",
                "Cache-Control: no-cache",
                "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                        + "Safari/537.36",
                "Upgrade: websocket", "Origin: " + origin, "Sec-WebSocket-Version: 13",
                "Accept-Encoding: gzip, deflate, br, zstd", "Accept-Language: en-US,en;q=0.9",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
    }

    /** The least a client can send: no User-Agent, no Origin, no extensions. */
    public static List<String> bareHeaders(URI uri) {
        return List.of("Host: " + uri.getHost() + ":" + uri.getPort(), "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13");
    }

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final int status;
    private final Map<String, String> responseHeaders;

    private RawHandshake(Socket socket, int status, Map<String, String> responseHeaders) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.status = status;
        this.responseHeaders = responseHeaders;
    }

    /** Sends the upgrade request for the URI's path and query with these header lines; reads the response head. */
    public static RawHandshake open(URI uri, List<String> headerLines) throws IOException {
        var socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(20_000);
        var target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        var request = new StringBuilder("GET " + target + " HTTP/1.1\r\n");
        headerLines.forEach(line -> request.append(line).append("\r\n"));
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        var head = readHead(socket.getInputStream());
        var lines = head.split("\r\n");
        var headers = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            var colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
            }
        }
        var status = lines.length > 0 && lines[0].length() >= 12 ? Integer.parseInt(lines[0].substring(9, 12)) : -1;
        return new RawHandshake(socket, status, headers);
    }

    /** The HTTP status of the handshake: 101 when upgraded. */
    public int status() {
        return status;
    }

    public String responseHeader(String name) {
        return responseHeaders.get(name.toLowerCase(Locale.ROOT));
    }

    public void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a close frame with this status and reason (an empty reason sends the status alone). */
    public void sendClose(int statusCode, String reason) throws IOException {
        var payload = new ByteArrayOutputStream();
        payload.write(statusCode >>> 8);
        payload.write(statusCode & 0xFF);
        payload.writeBytes(reason.getBytes(StandardCharsets.UTF_8));
        sendFrame(0x8, payload.toByteArray());
    }

    /** Sends a close frame with no status at all (reported as 1005). */
    public void sendEmptyClose() throws IOException {
        sendFrame(0x8, new byte[0]);
    }

    /** Reads frames until the server's close frame; returns its status (1005 when it has none), -1 when none came. */
    public int awaitClose() throws IOException {
        while (true) {
            var first = in.read();
            if (first < 0) {
                return -1;
            }
            long length = in.read() & 0x7F;
            if (length == 126) {
                length = ((long) in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            var payload = in.readNBytes((int) length);
            if ((first & 0x0F) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            }
        }
    }

    /** Drops the TCP connection without a close frame (reported as 1006). */
    @Override
    public void close() throws IOException {
        if (!socket.isClosed()) {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }

    private void sendFrame(int opcode, byte[] data) throws IOException {
        var frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (data.length < 126) {
            frame.write(0x80 | data.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(data.length >>> 8);
            frame.write(data.length & 0xFF);
        }
        byte[] mask = {3, 5, 7, 9};
        frame.write(mask);
        for (int i = 0; i < data.length; i++) {
            frame.write(data[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        var bytes = new ArrayList<Integer>();
        while (true) {
            var b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            bytes.add(b);
            var n = bytes.size();
            if (n >= 4 && bytes.get(n - 4) == '\r' && bytes.get(n - 3) == '\n' && bytes.get(n - 2) == '\r'
                    && bytes.get(n - 1) == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
