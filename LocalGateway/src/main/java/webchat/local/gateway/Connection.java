package webchat.local.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket connection: CONNECTING while $connect runs, ACCEPTED once $connect succeeded (the 101 is on its
 * way), OPEN when Jetty has the session, CLOSED when either side closed it. Posts reach ACCEPTED and OPEN connections
 * (an ACCEPTED one is written to as soon as its session exists). Posts queue in the connection's {@link Outbox}
 * and never wait for the client to read them.
 */
final class Connection {

    enum State { CONNECTING, ACCEPTED, OPEN, CLOSED }

    /**
     * A close the gateway itself decided (DELETE, idle, max duration, binary frame, slow reader), reported to
     * $disconnect.
     */
    record Close(int statusCode, String reason) {}

    private final ConnectionInfo info;
    private final SerialExecutor inbox;
    private final Outbox outbox;
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private volatile State state = State.CONNECTING;
    private final CompletableFuture<Session> session = new CompletableFuture<>();
    private volatile Close gatewayClose;
    private volatile Instant lastActiveAt;
    private volatile long lastActiveNanos = System.nanoTime();
    private volatile Future<?> idleCheck;
    private volatile Future<?> expiry;

    /**
     * @param writers     where the outbox's writer runs
     * @param unreadable  told when the client stopped reading (the outbox gave up on it), with why
     */
    Connection(ConnectionInfo info, int maxFrameBytes, SerialExecutor inbox, Executor writers,
               BiConsumer<Connection, String> unreadable) {
        this.info = info;
        this.inbox = inbox;
        this.outbox = new Outbox(session, maxFrameBytes, writers, why -> unreadable.accept(this, why),
                Outbox.SEND_TIMEOUT, Outbox.MAX_QUEUED_BYTES);
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

    /** The upgrade completed; false when the gateway had already given the handshake up (the session is closed). */
    boolean opened(Session openedSession) {
        if (state == State.CONNECTING || state == State.ACCEPTED) {
            state = State.OPEN;
        }
        if (!session.complete(openedSession)) {
            openedSession.disconnect();
            return false;
        }
        return true;
    }

    /** True once Jetty handed over the session (the 101 was written and the socket is a WebSocket). */
    boolean hasSession() {
        return session.isDone() && !session.isCompletedExceptionally();
    }

    /**
     * $connect accepted the connection but the upgrade never completed (the client reset or vanished meanwhile):
     * the connection is closed with no socket to close; false when it had a session after all.
     */
    boolean handshakeFailed() {
        if (!session.completeExceptionally(new IOException("the WebSocket upgrade did not complete"))) {
            return false;
        }
        state = State.CLOSED;
        outbox.discard();
        return true;
    }

    void active(Instant now) {
        lastActiveAt = now;
        lastActiveNanos = System.nanoTime();
    }

    /** Queues the bytes as a text message when they are valid UTF-8, else as binary; false when closed. */
    boolean send(byte[] data) {
        if (!reachable()) {
            return false;
        }
        var text = utf8(data);
        return text != null ? outbox.offer(text) : outbox.offer(data);
    }

    /** Queues a text message; false when closed. */
    boolean send(String text) {
        return reachable() && outbox.offer(text);
    }

    /** Closes from the gateway's side; returns false when the connection was already closing. */
    boolean close(int statusCode, String reason) {
        if (!reachable()) {
            return false;
        }
        gatewayClose = new Close(statusCode, reason);
        state = State.CLOSED;
        Runnable sendClose = () -> session.thenAccept(current -> current.close(statusCode, reason, Callback.NOOP));
        if (!outbox.afterQueued(sendClose)) {
            sendClose.run();
        }
        return true;
    }

    /**
     * Closes at once, without waiting for what is queued: sends the close frame if the socket takes it and drops
     * the TCP connection (a client that stopped reading never reads the close frame either).
     */
    void abort(int statusCode, String reason) {
        if (gatewayClose == null) {
            gatewayClose = new Close(statusCode, reason);
        }
        state = State.CLOSED;
        outbox.discard();
        session.thenAccept(current -> {
            current.close(statusCode, reason, Callback.NOOP);
            current.disconnect();
        });
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
        outbox.discard();
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
