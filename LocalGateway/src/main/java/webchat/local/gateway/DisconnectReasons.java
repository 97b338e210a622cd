package webchat.local.gateway;

/**
 * The disconnectReason API Gateway reports for a close the client (or the network) made: the client's own reason,
 * else "" (a browser tab closing sends 1001 with no reason and $disconnect gets {@code ""}: aws-lambda-go
 * events/testdata/apigw-websocket-request-disconnect.json); a close frame without a status is reported as 1005
 * "Client-side close frame status not set" (Powertools for AWS Lambda Python
 * tests/events/apiGatewayWebSocketApiDisconnect.json). Closes the gateway decides carry their own reason.
 */
final class DisconnectReasons {

    private DisconnectReasons() {}

    static String describe(int statusCode, String reason) {
        return switch (statusCode) {
            case 1005 -> "Client-side close frame status not set";
            case 1006 -> "Connection was closed abnormally";
            case 1009 -> "Message too big";
            default -> reason == null ? "" : reason;
        };
    }
}
