package webchat.local.dynamodb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Watches a DynamoDB endpoint the user gave (--dynamodb-endpoint): it is only reported, never restarted (webchat did
 * not start it). A TCP connect every two seconds; one line when it stops answering, one when it answers again.
 */
public final class EndpointWatcher implements AutoCloseable {

    private static final Duration EVERY = Duration.ofSeconds(2);
    private static final int CONNECT_TIMEOUT_MS = 1000;

    private final URI endpoint;
    private final Consumer<String> console;
    private final Thread thread;
    private volatile boolean stopped;

    private EndpointWatcher(URI endpoint, Consumer<String> console) {
        this.endpoint = endpoint;
        this.console = console;
        this.thread = Thread.ofVirtual().name("dynamodb-endpoint-watch").unstarted(this::watch);
    }

    public static EndpointWatcher watch(URI endpoint, Consumer<String> console) {
        EndpointWatcher watcher = new EndpointWatcher(endpoint, console);
        watcher.thread.start();
        return watcher;
    }

    private void watch() {
        boolean answering = true;
        while (!stopped) {
            try {
                Thread.sleep(EVERY);
            } catch (InterruptedException stopping) {
                return;
            }
            String failure = probe();
            if (stopped) {
                return;
            }
            if (answering && failure != null) {
                console.accept("webchat: DynamoDB at " + endpoint + " does not answer (" + failure + "): connects "
                        + "and messages fail until it is back; webchat did not start it, so it does not restart it");
            } else if (!answering && failure == null) {
                console.accept("webchat: DynamoDB at " + endpoint + " answers again");
            }
            answering = failure == null;
        }
    }

    /** Null when the endpoint accepts a TCP connection, else why not. */
    private String probe() {
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), CONNECT_TIMEOUT_MS);
            return null;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
