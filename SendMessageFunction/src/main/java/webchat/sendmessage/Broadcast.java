package webchat.sendmessage;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

/**
 * Posts one payload to many connections, at most {@code concurrency} PostToConnection calls in flight (virtual
 * threads bounded by a semaphore; 1 means strictly one after the other). A gone recipient's id is deleted, unless
 * it may still be connecting (then it is skipped); any other failure is logged and counted and does not stop the
 * rest.
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
        var inFlight = new Semaphore(concurrency);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String recipient : recipients) {
                inFlight.acquireUninterruptibly();
                executor.execute(() -> {
                    try {
                        switch (deliver(api, recipient, data, log)) {
                            case DELIVERED -> delivered.incrementAndGet();
                            case PRUNED -> pruned.incrementAndGet();
                            case SKIPPED -> skipped.incrementAndGet();
                            case FAILED -> failed.incrementAndGet();
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new BroadcastResult(recipients.size(), delivered.get(), pruned.get(), skipped.get(), failed.get(),
                durationMs);
    }

    private enum Outcome { DELIVERED, PRUNED, SKIPPED, FAILED }

    private Outcome deliver(ApiGatewayManagementApiClient api, String recipient, SdkBytes data, EventLog log) {
        try {
            api.postToConnection(PostToConnectionRequest.builder().connectionId(recipient).data(data).build());
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
