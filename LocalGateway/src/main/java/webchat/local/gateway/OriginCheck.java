package webchat.local.gateway;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may talk to the gateway, by the {@code Origin} header browsers add to WebSocket handshakes and to
 * every cross-site or non-GET request. No Origin (wscat, the SDKs, the JDK client, curl) is always fine. Accepted:
 * the gateway's own page (the origin names the Host the request was sent to), local pages
 * ({@code http(s)://localhost|127.0.0.1|[::1]} on any port) and the origins given with {@code --allow-origin}.
 * Anything else is refused, {@code null} included: it is what a page opened from disk sends, but also what a
 * sandboxed iframe on any website sends.
 */
final class OriginCheck {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final List<String> allowed;

    OriginCheck(List<String> allowedOrigins) {
        this.allowed = List.copyOf(allowedOrigins);
    }

    /** Whether a page with this Origin may open a WebSocket or load the gateway's pages. */
    boolean allows(String origin, String host) {
        if (origin == null || allowsCallsFrom(origin)) {
            return true;
        }
        String normalized;
        try {
            normalized = LocalAccess.origin(origin);
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
        if (normalized.equals("null")) {
            return false;
        }
        var authority = normalized.substring(normalized.indexOf("://") + 3);
        var colon = authority.lastIndexOf(':');
        var name = colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
        return LOOPBACK.contains(name) || (host != null && isOwnPage(normalized, host));
    }

    /**
     * Whether a browser page with this Origin may call the @connections API: only origins given with
     * {@code --allow-origin}. The chat page never calls it; a page that did would be forging a signature.
     */
    boolean allowsCallsFrom(String origin) {
        if (origin == null) {
            return true;
        }
        try {
            return allowed.contains(LocalAccess.origin(origin));
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
    }

    private static boolean isOwnPage(String origin, String host) {
        var lowerHost = host.strip().toLowerCase(Locale.ROOT);
        for (var scheme : List.of("http://", "https://")) {
            try {
                if (origin.equals(LocalAccess.origin(scheme + lowerHost))) {
                    return true;
                }
            } catch (IllegalArgumentException notAHost) {
                return false;
            }
        }
        return false;
    }
}
