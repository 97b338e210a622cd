package webchat.local.gateway;

import java.time.Instant;

/** What API Gateway knows about a connection from its handshake. */
record ConnectionInfo(String connectionId, Instant connectedAt, String sourceIp, String userAgent) {}
