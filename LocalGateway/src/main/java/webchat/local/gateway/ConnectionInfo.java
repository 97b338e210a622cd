package webchat.local.gateway;

import java.time.Instant;
import java.util.Map;

/**
 * What API Gateway knows about a connection from its handshake.
 *
 * @param userAgent  the client's User-Agent, or null when it sent none (events then have no identity.userAgent)
 * @param authorizer principalId and the authorizer's context (values as strings), or null without an authorizer;
 *                   every event of the connection carries it as requestContext.authorizer
 */
record ConnectionInfo(String connectionId, Instant connectedAt, String sourceIp, String userAgent,
                      Map<String, String> authorizer) {

    ConnectionInfo(String connectionId, Instant connectedAt, String sourceIp, String userAgent) {
        this(connectionId, connectedAt, sourceIp, userAgent, null);
    }
}
