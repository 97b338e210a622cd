package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private final BlockingQueue<String> written = new LinkedBlockingQueue<>();
    private final List<Callback> pending = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> gaveUp = new LinkedBlockingQueue<>();
    private volatile boolean socketTakesFrames = true;

    @Test
    void postsReturnAtOnceAndAreWrittenInOrder() throws Exception {
        var outbox = outbox(Duration.ofSeconds(5), 1024 * 1024, CompletableFuture.completedFuture(session()));

        for (int i = 0; i < 5; i++) {
            assertTrue(outbox.offer("m" + i));
        }

        for (int i = 0; i < 5; i++) {
            assertEquals("m" + i, written.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFrameTheSocketDoesNotTakeWithinTheSendTimeoutGivesTheClientUpOnceAndPostsNeverWait() throws Exception {
        // given a socket that takes no frame
        socketTakesFrames = false;
        var outbox = outbox(Duration.ofMillis(300), 1024 * 1024, CompletableFuture.completedFuture(session()));

        // when messages are posted
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertTrue(outbox.offer("m" + i));
        }
        long postsTookMs = (System.nanoTime() - started) / 1_000_000;

        // then no post waited, and after the send timeout the outbox gives up once and refuses more
        assertTrue(postsTookMs < 200, "posts took " + postsTookMs + " ms");
        var why = gaveUp.poll(5, TimeUnit.SECONDS);
        assertTrue(why != null && why.contains("stopped reading"), String.valueOf(why));
        assertFalse(outbox.offer("late"));
        assertEquals(null, gaveUp.poll(500, TimeUnit.MILLISECONDS), "gave up twice");
    }

    @Test
    void aQueuePastItsLimitGivesTheClientUpAtOnce() throws Exception {
        socketTakesFrames = false;
        var outbox = outbox(Duration.ofSeconds(30), 1000, CompletableFuture.completedFuture(session()));

        assertTrue(outbox.offer("x".repeat(600)));
        assertTrue(outbox.offer("x".repeat(300)));
        assertFalse(outbox.offer("x".repeat(300)));

        var why = gaveUp.poll(1, TimeUnit.SECONDS);
        assertTrue(why != null && why.contains("waiting to be sent"), String.valueOf(why));
    }

    @Test
    void messagesPostedBeforeTheUpgradeCompletesAreWrittenOnceItDoes() throws Exception {
        var session = new CompletableFuture<Session>();
        var outbox = outbox(Duration.ofSeconds(5), 1024 * 1024, session);

        assertTrue(outbox.offer("early"));
        session.complete(session());

        assertEquals("early", written.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void aCloseQueuedAfterMessagesRunsAfterThemAndADiscardedOutboxRefusesPosts() throws Exception {
        var outbox = outbox(Duration.ofSeconds(5), 1024 * 1024, CompletableFuture.completedFuture(session()));

        outbox.offer("last words");
        outbox.afterQueued(() -> written.add("(close)"));
        assertEquals("last words", written.poll(5, TimeUnit.SECONDS));
        assertEquals("(close)", written.poll(5, TimeUnit.SECONDS));

        outbox.discard();
        assertFalse(outbox.offer("after"));
    }

    private Outbox outbox(Duration sendTimeout, long maxQueuedBytes, CompletableFuture<Session> session) {
        return new Outbox(session, 32 * 1024, Executors.newVirtualThreadPerTaskExecutor(), gaveUp::add, sendTimeout,
                maxQueuedBytes);
    }

    /** A session whose socket takes each frame at once, or never (the client stopped reading). */
    private Session session() {
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("sendPartialText")) {
                        var callback = (Callback) args[2];
                        if (socketTakesFrames) {
                            written.add((String) args[0]);
                            callback.succeed();
                        } else {
                            pending.add(callback);
                        }
                        return null;
                    }
                    if (method.getName().equals("isOpen")) {
                        return true;
                    }
                    return null;
                });
    }
}
