package webchat.local.gateway;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who may call the @connections API: requests signed with AWS SigV4 ({@link SignatureCheck}) that no web page sent
 * (no Origin header, or one given with {@code --allow-origin}). The SDKs and the CLI send no Origin; browsers add one
 * to every request that could change something, so a page cannot get in by forging a presigned query either.
 */
final class ConnectionsGuard {

    private final OriginCheck origins;
    private final RefusalLog log;

    ConnectionsGuard(OriginCheck origins, RefusalLog log) {
        this.origins = origins;
        this.log = log;
    }

    /** The answer that refuses this request, or null when it may go on. */
    ManagementApi.Reply refusal(Request request) {
        var headers = request.getHeaders();
        var origin = headers.get(HttpHeader.ORIGIN);
        var call = request.getMethod() + " " + request.getHttpURI().getPath();
        if (!origins.allowsCallsFrom(origin)) {
            log.refused("connections origin " + origin, "refused " + call + " from the web page at " + origin
                    + ": @connections answers signed requests from the AWS SDK or CLI, not web pages. To allow that"
                    + " page, start with --allow-origin " + origin);
            return ManagementApi.error(403, "ForbiddenException", "Forbidden");
        }
        var refused = SignatureCheck.refusal(headers::get, request.getHttpURI().getQuery());
        if (refused != null) {
            log.refused("unsigned " + call, "refused " + call + ": not signed with AWS Signature V4 ("
                    + refused.headers().get("x-amzn-ErrorType") + ", as API Gateway answers). Call it through the"
                    + " AWS SDK or CLI, or awscurl --service execute-api, with any credentials");
        }
        return refused;
    }
}
