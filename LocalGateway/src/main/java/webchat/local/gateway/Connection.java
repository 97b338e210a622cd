package webchat.local.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket connection: CONNECTING while $connect runs, ACCEPTED once $connect succeeded (the 101 is on its
 * way), OPEN when Jetty has the session, CLOSED when either side closed it. Posts reach ACCEPTED and OPEN connections
 * (an ACCEPTED one is written to as soon as its session exists).
 */
final class Connection {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    enum State { CONNECTING, ACCEPTED, OPEN, CLOSED }

    /** A close the gateway itself decided (DELETE, idle, max duration, binary frame), reported to $disconnect. */
    record Close(int statusCode, String reason) {}

    private final ConnectionInfo info;
    private final int maxFrameBytes;
    private final SerialExecutor inbox;
    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private volatile State state = State.CONNECTING;
    private final CompletableFuture<Session> session = new CompletableFuture<>();
    private volatile Close gatewayClose;
    private volatile Instant lastActiveAt;
    private volatile long lastActiveNanos = System.nanoTime();
    private volatile Future<?> idleCheck;
    private volatile Future<?> expiry;

    Connection(ConnectionInfo info, int maxFrameBytes, SerialExecutor inbox) {
        this.info = info;
        this.maxFrameBytes = maxFrameBytes;
        this.inbox = inbox;
        this.lastActiveAt = info.connectedAt();
    }

    ConnectionInfo info() {
        return info;
    }

    String id() {
        return info.connectionId();
    }

    /** Where this connection's messages and its $disconnect run, in order. */
    SerialExecutor inbox() {
        return inbox;
    }

    State state() {
        return state;
    }

    Instant lastActiveAt() {
        return lastActiveAt;
    }

    long idleNanos() {
        return System.nanoTime() - lastActiveNanos;
    }

    /** True while the connection can be posted to, read and deleted through @connections. */
    boolean reachable() {
        return state == State.ACCEPTED || state == State.OPEN;
    }

    void accepted() {
        if (state == State.CONNECTING) {
            state = State.ACCEPTED;
        }
    }

    void opened(Session openedSession) {
        if (state == State.CONNECTING || state == State.ACCEPTED) {
            state = State.OPEN;
        }
        session.complete(openedSession);
    }

    void active(Instant now) {
        lastActiveAt = now;
        lastActiveNanos = System.nanoTime();
    }

    /** Sends the bytes as a text frame when they are valid UTF-8, else as a binary frame; false when closed. */
    boolean send(byte[] data) {
        var text = utf8(data);
        return text != null ? send(text) : sendFrame(data, null);
    }

    boolean send(String text) {
        return sendFrame(null, text);
    }

    /** Sends the message in frames no larger than the frame limit, as API Gateway splits large posts. */
    private boolean sendFrame(byte[] binary, String text) {
        if (!reachable()) {
            return false;
        }
        sending.lock();
        try {
            var current = session.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (text != null) {
                var chunk = Math.max(1, maxFrameBytes / 3);
                var start = 0;
                do {
                    var end = Math.min(text.length(), start + chunk);
                    if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                        end--;
                    }
                    var part = text.substring(start, end);
                    var last = end == text.length();
                    await(callback -> current.sendPartialText(part, last, callback));
                    start = end;
                } while (start < text.length());
            } else {
                var start = 0;
                do {
                    var end = Math.min(binary.length, start + maxFrameBytes);
                    var part = ByteBuffer.wrap(binary, start, end - start);
                    var last = end == binary.length;
                    await(callback -> current.sendPartialBinary(part, last, callback));
                    start = end;
                } while (start < binary.length);
            }
            return true;
        } catch (ExecutionException | TimeoutException failed) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            sending.unlock();
        }
    }

    private static void await(java.util.function.Consumer<Callback> send)
            throws ExecutionException, TimeoutException, InterruptedException {
        var sent = new CompletableFuture<Void>();
        send.accept(Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes from the gateway's side; returns false when the connection was already closing. */
    boolean close(int statusCode, String reason) {
        if (!reachable()) {
            return false;
        }
        gatewayClose = new Close(statusCode, reason);
        state = State.CLOSED;
        session.thenAccept(current -> current.close(statusCode, reason, Callback.NOOP));
        return true;
    }

    void timers(Future<?> nextIdleCheck, Future<?> maxDurationExpiry) {
        if (nextIdleCheck != null) {
            idleCheck = nextIdleCheck;
        }
        if (maxDurationExpiry != null) {
            expiry = maxDurationExpiry;
        }
    }

    void cancelTimers() {
        for (var timer : new Future<?>[] {idleCheck, expiry}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** Marks the connection closed; true only the first time, so $disconnect runs once. */
    boolean closed() {
        state = State.CLOSED;
        return closeReported.compareAndSet(false, true);
    }

    /** The close the gateway decided, or null when the client or the network closed the connection. */
    Close gatewayClose() {
        return gatewayClose;
    }

    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }
}
