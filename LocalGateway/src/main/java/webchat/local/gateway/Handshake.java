package webchat.local.gateway;

import java.util.List;
import java.util.Map;

/**
 * A WebSocket upgrade request as the client sent it (header names in its spelling, in its order).
 *
 * @param userAgent the User-Agent header, or null when the client sent none
 */
record Handshake(Map<String, List<String>> headers, Map<String, List<String>> query, String sourceIp,
                 String userAgent) {}
