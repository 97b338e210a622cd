package webchat.local.gateway;

/** The disconnectReason API Gateway reports when the close frame carried none (or there was no close frame). */
final class DisconnectReasons {

    private DisconnectReasons() {}

    static String describe(int statusCode, String reason) {
        return switch (statusCode) {
            case 1005 -> "Client-side close frame status not set";
            case 1006 -> "Connection was closed abnormally";
            case 1009 -> "Message too big";
            default -> reason == null || reason.isBlank() ? defaultText(statusCode) : reason;
        };
    }

    private static String defaultText(int statusCode) {
        return switch (statusCode) {
            case 1000 -> "Connection Closed Normally";
            case 1001 -> "Going away";
            case 1003 -> "Unsupported data";
            case 1011 -> "Internal error";
            default -> "";
        };
    }
}
