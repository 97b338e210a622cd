package webchat.local.gateway;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The DNS rebinding defence: a request is answered only when its {@code Host} names this gateway, that is the
 * address it is bound to, {@code localhost}, {@code 127.0.0.1} or {@code [::1]} (or a name allowed with
 * {@code --allowed-host}), with the port the request arrived on. A web page that rebinds its own name to 127.0.0.1
 * still sends its own name as Host, so it is refused.
 */
final class HostCheck {

    private final Set<String> names = new LinkedHashSet<>();

    HostCheck(String bindAddress, List<String> allowedHosts) {
        names.add(bracketed(bindAddress.toLowerCase(Locale.ROOT)));
        names.addAll(List.of("localhost", "127.0.0.1", "[::1]"));
        names.addAll(allowedHosts);
    }

    /**
     * @param host      the Host header, or null when the request had none (HTTP/1.0 clients; never a browser)
     * @param localPort the port the request arrived on
     * @param secure    whether it came over https (the default port of a Host without one)
     */
    boolean allows(String host, int localPort, boolean secure) {
        if (host == null) {
            return true;
        }
        var value = host.strip().toLowerCase(Locale.ROOT);
        var colon = value.lastIndexOf(':');
        var hasPort = colon > value.lastIndexOf(']');
        var name = hasPort ? value.substring(0, colon) : value;
        int port;
        try {
            port = hasPort ? Integer.parseInt(value.substring(colon + 1)) : secure ? 443 : 80;
        } catch (NumberFormatException notAPort) {
            return false;
        }
        return port == localPort && names.contains(name);
    }

    /** The names answered, for the console line that explains a refusal. */
    String describe() {
        return String.join(", ", names);
    }

    /** The host part of a Host header value, for the {@code --allowed-host} hint. */
    static String nameOf(String host) {
        var value = host.strip();
        var colon = value.lastIndexOf(':');
        return colon > value.lastIndexOf(']') ? value.substring(0, colon) : value;
    }

    private static String bracketed(String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
