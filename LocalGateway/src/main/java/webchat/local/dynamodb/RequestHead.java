package webchat.local.dynamodb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * One HTTP/1.1 request head as it arrived (request line and headers, kept as bytes to forward unchanged), with what
 * {@link DynamoDbProxy} decides on: the method, the browser-only headers, the Host and how the body is framed.
 */
record RequestHead(byte[] bytes, String method, String host, boolean fromBrowser, long contentLength,
                   boolean chunked, boolean expectsContinue) {

    private static final int MAX_BYTES = 64 * 1024;
    private static final Set<String> BROWSER_HEADERS = Set.of("origin", "sec-fetch-mode", "sec-fetch-site");

    /** Reads the next head, or returns null when the client closed the connection between requests. */
    static RequestHead read(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (bytes.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside a request head");
            }
            bytes.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : b == '\r' ? 1 : 0;
            if (bytes.size() > MAX_BYTES) {
                throw new IOException("request head over " + MAX_BYTES + " bytes");
            }
        }
        return parse(bytes.toByteArray());
    }

    private static RequestHead parse(byte[] bytes) throws IOException {
        var lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
        var method = lines[0].split(" ", 2)[0];
        String host = null;
        boolean fromBrowser = false;
        long contentLength = 0;
        boolean chunked = false;
        boolean expectsContinue = false;
        for (int i = 1; i < lines.length; i++) {
            var colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            var name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            var value = lines[i].substring(colon + 1).strip();
            switch (name) {
                case "host" -> host = value;
                case "content-length" -> contentLength = parseLength(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "expect" -> expectsContinue = value.equalsIgnoreCase("100-continue");
                default -> fromBrowser |= BROWSER_HEADERS.contains(name);
            }
        }
        return new RequestHead(bytes, method, host, fromBrowser, contentLength, chunked, expectsContinue);
    }

    /** Why this request is refused, or null when it may go through to a relay listening on {@code port}. */
    String refusal(int port) {
        if (fromBrowser) {
            return "The local DynamoDB server does not answer web pages (the request has an Origin or Sec-Fetch header)";
        }
        if (method.equals("OPTIONS")) {
            return "The local DynamoDB server answers no CORS preflight";
        }
        if (host != null && !Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port)
                .contains(host.toLowerCase(Locale.ROOT))) {
            return "The local DynamoDB server answers only Host 127.0.0.1:" + port + " or localhost:" + port;
        }
        return null;
    }

    /** Copies this request's body from {@code in} to {@code out} as it is framed: by Content-Length or in chunks. */
    void copyBody(InputStream in, OutputStream out) throws IOException {
        if (expectsContinue) {
            out.flush();
        }
        if (!chunked) {
            copy(in, out, contentLength);
            return;
        }
        while (true) {
            var sizeLine = readLine(in);
            out.write(sizeLine);
            var size = Long.parseLong(new String(sizeLine, StandardCharsets.ISO_8859_1).split("[;\r]", 2)[0].strip(), 16);
            if (size == 0) {
                for (var trailer = readLine(in); ; trailer = readLine(in)) {
                    out.write(trailer);
                    if (trailer.length == 2) {
                        return;
                    }
                }
            }
            copy(in, out, size + 2);
        }
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
        var buffer = new byte[(int) Math.min(count, 16 * 1024)];
        for (long left = count; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("connection closed inside a request body");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream(16);
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0 || line.size() > MAX_BYTES) {
                throw new IOException("bad chunked request body");
            }
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
    }

    private static long parseLength(String value) throws IOException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length " + value);
        }
    }
}
