package webchat.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The display name a connection chats under, chosen from the {@code ?name=} query parameter of the WebSocket URL
 * (API Gateway has already percent-decoded it). The rule:
 * <ol>
 *   <li>Leading and trailing whitespace is stripped: {@link Character#isWhitespace} and the no-break spaces U+00A0,
 *       U+2007 and U+202F.</li>
 *   <li>What remains is valid when it is 1 to 32 code points long and holds no code point whose
 *       {@link Character#getType} is CONTROL, FORMAT (this covers the bidi embeddings, overrides and isolates
 *       U+202A-202E and U+2066-2069, LRM, RLM, ALM and the zero-width characters), LINE_SEPARATOR,
 *       PARAGRAPH_SEPARATOR, SURROGATE (a lone half of a pair), PRIVATE_USE or UNASSIGNED.</li>
 *   <li>A missing or invalid name does not refuse the connection (a refused handshake tells a browser nothing): the
 *       connection gets the fallback {@code Guest-XXXX}, XXXX being the first 4 hex digits, upper case, of
 *       SHA-256(connectionId), and the reason is logged.</li>
 *   <li>HTML such as {@code <b>x</b>} is ordinary text: valid, stored as is; clients always render names as text.</li>
 * </ol>
 */
record DisplayName(String value, String fallbackReason) {

    static final int MAX_CODE_POINTS = 32;

    /** The name {@code requested} for {@code connectionId}, or its fallback with the reason why. */
    static DisplayName choose(String requested, String connectionId) {
        if (requested == null) {
            return fallback(connectionId, "no name was given");
        }
        String name = strip(requested);
        String problem = problemWith(name);
        return problem == null ? new DisplayName(name, null) : fallback(connectionId, problem);
    }

    /** {@code Guest-XXXX}: the same for the same connection id, so every broadcast names it alike. */
    static String fallbackFor(String connectionId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(connectionId.getBytes(StandardCharsets.UTF_8));
            return "Guest-" + HexFormat.of().withUpperCase().formatHex(hash, 0, 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    boolean isFallback() {
        return fallbackReason != null;
    }

    private static DisplayName fallback(String connectionId, String reason) {
        return new DisplayName(fallbackFor(connectionId), reason);
    }

    private static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isStrippedSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isStrippedSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    private static boolean isStrippedSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || codePoint == 0x00A0 || codePoint == 0x2007 || codePoint == 0x202F;
    }

    private static String problemWith(String name) {
        if (name.isEmpty()) {
            return "the name is empty or only whitespace";
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_CODE_POINTS) {
            return "the name is " + length + " characters long, over " + MAX_CODE_POINTS;
        }
        return name.codePoints()
                .filter(DisplayName::isForbidden)
                .mapToObj("the name contains the invisible or control character U+%04X"::formatted)
                .findFirst()
                .orElse(null);
    }

    private static boolean isForbidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
