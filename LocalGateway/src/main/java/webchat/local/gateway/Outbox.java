package webchat.local.gateway;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One connection's outgoing messages. A post only queues its message and returns: one writer per connection sends
 * the queue in order, frame by frame. A frame the socket does not take within the send timeout, or a queue that
 * grows past its limit, means the client stopped reading: the outbox gives up on it (the connection closes it), so
 * a slow reader never holds a post, a sender or any other connection.
 */
final class Outbox {

    /** How long one frame may wait for the socket before the client counts as no longer reading. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /** Queued bytes past which the client counts as no longer reading (64 full-size 128 KB messages). */
    static final long MAX_QUEUED_BYTES = 8L * 1024 * 1024;

    private record Message(String text, byte[] binary, Runnable action, long bytes) {}

    private final CompletableFuture<Session> session;
    private final int maxFrameBytes;
    private final Executor threads;
    private final Consumer<String> onGiveUp;
    private final Duration sendTimeout;
    private final long maxQueuedBytes;
    private final Queue<Message> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean writing;
    private boolean discarded;
    private boolean gaveUp;

    /**
     * @param session  the connection's session, once the upgrade completed
     * @param onGiveUp told (once) why the client no longer counts as reading
     */
    Outbox(CompletableFuture<Session> session, int maxFrameBytes, Executor threads, Consumer<String> onGiveUp,
           Duration sendTimeout, long maxQueuedBytes) {
        this.session = session;
        this.maxFrameBytes = maxFrameBytes;
        this.threads = threads;
        this.onGiveUp = onGiveUp;
        this.sendTimeout = sendTimeout;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** Queues a text message; false when the outbox was discarded or this message overflows it. */
    boolean offer(String text) {
        return offer(new Message(text, null, null, text.length()));
    }

    /** Queues a binary message; false when the outbox was discarded or this message overflows it. */
    boolean offer(byte[] binary) {
        return offer(new Message(null, binary, null, binary.length));
    }

    /** Runs the action (a close) once every message queued before it has been written; false when discarded. */
    boolean afterQueued(Runnable action) {
        return offer(new Message(null, null, action, 0));
    }

    /** Drops what is queued and refuses more: the connection is gone. */
    void discard() {
        synchronized (this) {
            discarded = true;
            queue.clear();
            queuedBytes = 0;
        }
    }

    private boolean offer(Message message) {
        boolean overflow = false;
        boolean startWriter = false;
        synchronized (this) {
            if (discarded) {
                return false;
            }
            if (queuedBytes + message.bytes() > maxQueuedBytes) {
                overflow = true;
            } else {
                queue.add(message);
                queuedBytes += message.bytes();
                startWriter = !writing;
                writing = true;
            }
        }
        if (overflow) {
            giveUp("more than " + maxQueuedBytes / (1024 * 1024) + " MB waiting to be sent");
            return false;
        }
        if (startWriter) {
            threads.execute(this::drain);
        }
        return true;
    }

    /** Discards the queue and tells the connection why, once. */
    private void giveUp(String why) {
        boolean first;
        synchronized (this) {
            first = !gaveUp;
            gaveUp = true;
        }
        discard();
        if (first) {
            onGiveUp.accept(why);
        }
    }

    private void drain() {
        while (true) {
            Message next;
            synchronized (this) {
                next = discarded ? null : queue.poll();
                if (next == null) {
                    writing = false;
                    return;
                }
            }
            if (next.action() != null) {
                next.action().run();
            } else if (!write(next)) {
                discard();
                synchronized (this) {
                    writing = false;
                }
                return;
            }
            synchronized (this) {
                // counted until written: a message the socket has not taken still waits to be sent
                queuedBytes = Math.max(0, queuedBytes - next.bytes());
            }
        }
    }

    private boolean write(Message message) {
        try {
            var current = session.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message.text() != null) {
                writeText(current, message.text());
            } else {
                writeBinary(current, message.binary());
            }
            return true;
        } catch (TimeoutException stalled) {
            giveUp("no frame written for " + sendTimeout.toSeconds() + " s (the client stopped reading)");
            return false;
        } catch (ExecutionException failed) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends the message in frames no larger than the frame limit, as API Gateway splits large posts. */
    private void writeText(Session current, String text)
            throws ExecutionException, TimeoutException, InterruptedException {
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
    }

    private void writeBinary(Session current, byte[] binary)
            throws ExecutionException, TimeoutException, InterruptedException {
        var start = 0;
        do {
            var end = Math.min(binary.length, start + maxFrameBytes);
            var part = ByteBuffer.wrap(binary, start, end - start);
            var last = end == binary.length;
            await(callback -> current.sendPartialBinary(part, last, callback));
            start = end;
        } while (start < binary.length);
    }

    private void await(Consumer<Callback> send) throws ExecutionException, TimeoutException, InterruptedException {
        var sent = new CompletableFuture<Void>();
        send.accept(Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
