package webchat.local.gateway;

import java.util.List;
import java.util.Map;

/** A WebSocket upgrade request as $connect sees it. */
record Handshake(Map<String, List<String>> headers, Map<String, List<String>> query, String sourceIp,
                 String userAgent) {}
