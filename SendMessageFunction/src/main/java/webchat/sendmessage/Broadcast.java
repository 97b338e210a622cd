package webchat.sendmessage;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

/**
 * Posts one payload to many connections, at most {@code concurrency} PostToConnection calls in flight
 * ({@code concurrency} virtual threads, each taking the next recipient from a shared counter; 1 means strictly one
 * after the other). A gone recipient's id is deleted, unless it may still be connecting (then it is skipped); any
 * other failure is logged and counted and does not stop the rest.
 */
final class Broadcast {

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
        // A few long-lived workers rather than a virtual thread per post: what a thread keeps in ThreadLocals
        // (the SDK's JSON buffer recycler is one, 25% of the bytes a post allocated) is then made once per worker,
        // not once per recipient, and nothing waits on a semaphore.
        int workers = Math.min(concurrency, recipients.size());
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
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
