package webchat.local.security;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Requests written byte for byte on a plain socket, so they carry exactly the headers a browser would send (the JDK
 * client refuses to send a foreign Host), and the answer as it came.
 */
final class RawHttp {

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** Sends the request head lines (joined with CRLF, then a blank line) and the body; reads until the server closes. */
    static Answer send(int port, String head, String body) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            return exchange(socket, head, body);
        }
    }

    static Answer sendTls(SSLContext tls, int port, String head, String body) throws IOException {
        try (var socket = tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            return exchange(socket, head, body);
        }
    }

    private static Answer exchange(Socket socket, String head, String body) throws IOException {
        socket.setSoTimeout(15_000);
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        var request = head.strip() + (head.contains("Connection:") ? "" : "\r\nConnection: close") + "\r\n"
                + (bytes.length > 0 && !head.contains("Transfer-Encoding") ? "Content-Length: " + bytes.length + "\r\n" : "") + "\r\n";
        var out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        var text = readAnswer(socket);
        var end = text.indexOf("\r\n\r\n");
        var lines = text.substring(0, end < 0 ? text.length() : end).split("\r\n");
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            var colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, end < 0 ? "" : text.substring(end + 4));
    }

    /** Reads the head, then the Content-Length body (to the end of the stream without one; none after a 101). */
    private static String readAnswer(Socket socket) throws IOException {
        var in = socket.getInputStream();
        var head = new java.io.ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        var text = head.toString(StandardCharsets.ISO_8859_1);
        var length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text);
        byte[] body;
        if (text.startsWith("HTTP/1.1 101")) {
            body = new byte[0];
        } else if (length.find()) {
            body = in.readNBytes(Integer.parseInt(length.group(1)));
        } else {
            body = in.readAllBytes();
        }
        return text + new String(body, StandardCharsets.UTF_8);
    }

    /** The head of a WebSocket opening handshake for the stage path, with the given Host and (optional) Origin. */
    static String handshake(String path, String host, String origin) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n");
    }
}
