package webchat.defaultroute;

/** The start of a message body for a log line: bounded, on one line, with its full length. */
final class Excerpt {

    private Excerpt() {
    }

    static String of(String text, int maxChars) {
        if (text == null) {
            return "(no body)";
        }
        int end = Math.min(text.length(), maxChars);
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        String start = text.substring(0, end).replace("\r", "\\r").replace("\n", "\\n");
        return "\"" + start + (end < text.length() ? "..." : "") + "\" (" + text.length() + " chars)";
    }
}
