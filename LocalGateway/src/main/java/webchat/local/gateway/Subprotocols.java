package webchat.local.gateway;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * WebSocket subprotocol negotiation: the client offers protocols in {@code Sec-WebSocket-Protocol}; $connect picks one
 * by returning that header (API Gateway passes it on, it selects nothing itself). A client fails the connection when
 * the server picks one it did not offer (RFC 6455 section 4.1), so the local gateway refuses such a handshake.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6455#section-4.1">RFC 6455 4.1, client requirements</a>
 */
final class Subprotocols {

    static final String HEADER = "Sec-WebSocket-Protocol";
    /** The close status a client's dropped TCP connection is reported with. */
    static final int ABNORMAL_CLOSURE = 1006;

    private Subprotocols() {}

    /** The protocols the client offered, in its order (none when it sent no header). */
    static List<String> offered(Map<String, List<String>> sentHeaders) {
        return sentHeaders.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(HEADER))
                .flatMap(header -> header.getValue().stream())
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(protocol -> !protocol.isEmpty())
                .toList();
    }
}
