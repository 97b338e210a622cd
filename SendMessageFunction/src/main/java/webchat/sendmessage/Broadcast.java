package webchat.sendmessage;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

/**
 * Posts one payload to many connections, at most {@code concurrency} PostToConnection calls in flight
 * ({@code concurrency} worker threads, each taking the next recipient from a shared counter; 1 means strictly one
 * after the other). A gone recipient's id is deleted, unless it may still be connecting (then it is skipped); any
 * other failure is logged and counted and does not stop the rest.
 */
final class Broadcast {

    private static final ThreadFactory WORKERS = Thread.ofPlatform().name("broadcast-", 1).daemon().factory();

    private final ConnectionTable connections;
    private final int concurrency;

    Broadcast(ConnectionTable connections, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.connections = connections;
        this.concurrency = concurrency;
    }

    BroadcastResult send(ApiGatewayManagementApiClient api, List<String> recipients, SdkBytes data, EventLog log) {
        long start = System.nanoTime();
        var delivered = new AtomicInteger();
        var pruned = new AtomicInteger();
        var skipped = new AtomicInteger();
        var failed = new AtomicInteger();
        var next = new AtomicInteger();
        // One worker per concurrent post, each taking recipients until none are left: per-thread state (the SDK's
        // JSON buffer recycler) is made once per worker, not once per recipient. Platform threads, not virtual ones:
        // a post blocks deep inside the SDK, HttpURLConnection and TLS, and a virtual thread copies that whole
        // stack to the heap each time it parks on the socket, the largest share of what a post allocated in a JFR
        // profile (bench/results/RESULTS.md section 1d); a blocked platform thread just waits in the kernel.
        int workers = Math.min(concurrency, recipients.size());
        try (var executor = Executors.newThreadPerTaskExecutor(WORKERS)) {
            for (int w = 0; w < workers; w++) {
                executor.execute(() -> {
                    var request = PostToConnectionRequest.builder().data(data);
                    for (int i = next.getAndIncrement(); i < recipients.size(); i = next.getAndIncrement()) {
                        switch (deliver(api, request, recipients.get(i), log)) {
                            case DELIVERED -> delivered.incrementAndGet();
                            case PRUNED -> pruned.incrementAndGet();
                            case SKIPPED -> skipped.incrementAndGet();
                            case FAILED -> failed.incrementAndGet();
                        }
                    }
                });
            }
        }
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new BroadcastResult(recipients.size(), delivered.get(), pruned.get(), skipped.get(), failed.get(),
                durationMs);
    }

    private enum Outcome { DELIVERED, PRUNED, SKIPPED, FAILED }

    /** One post; {@code request} is the worker's builder, already holding the payload, reused for every post. */
    private Outcome deliver(ApiGatewayManagementApiClient api, PostToConnectionRequest.Builder request,
            String recipient, EventLog log) {
        try {
            api.postToConnection(request.connectionId(recipient).build());
            return Outcome.DELIVERED;
        } catch (GoneException gone) {
            return prune(recipient, log);
        } catch (RuntimeException e) {
            log.warn("Could not deliver to recipient=" + recipient, e);
            return Outcome.FAILED;
        }
    }

    private Outcome prune(String recipient, EventLog log) {
        try {
            return connections.deleteUnlessConnecting(recipient) ? Outcome.PRUNED : Outcome.SKIPPED;
        } catch (RuntimeException e) {
            log.warn("Recipient " + recipient + " is gone but its id could not be deleted", e);
            return Outcome.FAILED;
        }
    }
}
