package webchat.local.gateway;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * What the local gateway answers beyond its own loopback names and pages: extra Host names ({@code --allowed-host})
 * and extra web page origins ({@code --allow-origin}). Everything else that a browser could send is refused; see
 * {@link HostCheck} and {@link OriginCheck}.
 *
 * @param allowedHosts   host names (no port) the gateway also answers to, lower case
 * @param allowedOrigins origins ({@code scheme://host[:port]}, or {@code null}) whose pages may also connect
 */
public record LocalAccess(List<String> allowedHosts, List<String> allowedOrigins) {

    public LocalAccess {
        allowedHosts = allowedHosts.stream().map(LocalAccess::hostName).toList();
        allowedOrigins = allowedOrigins.stream().map(LocalAccess::origin).toList();
    }

    /** Only the loopback names and local pages. */
    public static LocalAccess loopbackOnly() {
        return new LocalAccess(List.of(), List.of());
    }

    private static String hostName(String name) {
        var host = name.strip().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || !host.matches("[a-z0-9._-]+|\\[[0-9a-f:.]+]")) {
            throw new IllegalArgumentException("--allowed-host takes a host name such as my-laptop.local (no scheme,"
                    + " no port); got '" + name + "'");
        }
        return host;
    }

    /** The origin in the form a browser sends it: lower-case scheme and host, the port only when not the default. */
    static String origin(String value) {
        var text = value.strip();
        if (text.equals("null")) {
            return text;
        }
        try {
            var uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("not an origin");
            }
            var defaultPort = scheme.equals("http") ? 80 : 443;
            var port = uri.getPort() == -1 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort();
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port;
        } catch (Exception notAnOrigin) {
            throw new IllegalArgumentException("--allow-origin takes a web page's origin such as"
                    + " https://chat.example.com or http://my-laptop.local:8080 (scheme, host, optional port, no path),"
                    + " or null; got '" + value + "'");
        }
    }
}
