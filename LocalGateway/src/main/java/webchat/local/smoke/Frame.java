package webchat.local.smoke;

/** One message a smoke client received: which client (1-based, as printed) and its text. */
record Frame(int client, String text) {

    /** The text cut to a length that fits on a report line. */
    String shortText() {
        return shorten(text);
    }

    static String shorten(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    @Override
    public String toString() {
        return "client " + client + ": " + shortText();
    }
}
