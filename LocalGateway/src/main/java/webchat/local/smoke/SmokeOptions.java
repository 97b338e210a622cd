package webchat.local.smoke;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the smoke test was asked to do: which endpoint, how many clients, how long to wait for each answer. */
record SmokeOptions(URI endpoint, int clients, Duration timeout) {

    static final String USAGE = "usage: webchat smoke [--clients N] [--timeout SECONDS] URL"
            + "   (URL is ws://... or wss://..., e.g. a stack's WebSocketURI output; defaults: 3 clients, 10 s)";
    static final int MAX_CLIENTS = 500;
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)?");

    /** Thrown for arguments that do not make a smoke run; the message says which one and why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Parses {@code [--clients N] [--timeout SECONDS] URL}; options also accept the {@code --name=value} form. */
    static SmokeOptions parse(String[] args) throws UsageException {
        URI endpoint = null;
        int clients = 3;
        Duration timeout = Duration.ofSeconds(10);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--clients" -> {
                    String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : valueAfter(args, i++);
                    clients = parseClients(value);
                }
                case "--timeout" -> {
                    String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : valueAfter(args, i++);
                    timeout = parseTimeout(value);
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + arg);
                    }
                    if (endpoint != null) {
                        throw new UsageException("one URL expected, got a second one: " + arg);
                    }
                    endpoint = parseEndpoint(arg);
                }
            }
        }
        if (endpoint == null) {
            throw new UsageException("the endpoint URL is missing");
        }
        return new SmokeOptions(endpoint, clients, timeout);
    }

    private static String valueAfter(String[] args, int i) throws UsageException {
        if (i + 1 >= args.length) {
            throw new UsageException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static int parseClients(String value) throws UsageException {
        try {
            int clients = Integer.parseInt(value.trim());
            if (clients >= 1 && clients <= MAX_CLIENTS) {
                return clients;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new UsageException("--clients must be a whole number from 1 to " + MAX_CLIENTS + ", got " + value);
    }

    private static Duration parseTimeout(String value) throws UsageException {
        Matcher matcher = DURATION.matcher(value.trim());
        if (matcher.matches()) {
            double amount = Double.parseDouble(matcher.group(1));
            long millis = Math.round("ms".equals(matcher.group(2)) ? amount : amount * 1000);
            if (millis > 0) {
                return Duration.ofMillis(millis);
            }
        }
        throw new UsageException("--timeout must be a positive number of seconds (e.g. 10, 2.5 or 500ms), got " + value);
    }

    private static URI parseEndpoint(String value) throws UsageException {
        try {
            URI uri = new URI(value);
            if (("ws".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the accepted forms
        }
        throw new UsageException("the URL must be ws://HOST[:PORT]/STAGE or wss://HOST/STAGE, got " + value);
    }
}
