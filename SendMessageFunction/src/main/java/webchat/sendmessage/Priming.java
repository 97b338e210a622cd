package webchat.sendmessage;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * SnapStart priming of {@code sendMessage}, a runtime hook registered the way AWS documents it
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks.html). Before the snapshot it runs real
 * {@code sendMessage} invocations offline, on a second handler ({@link PrimingHandler}) whose DynamoDB and @connections
 * clients talk to {@link OfflineAws} on 127.0.0.1: first {@link #INVOCATIONS} whose Scan finds one connection (the
 * runtime's event deserializer, the message parsing, the rate limit's conditional UpdateItem, the Scan paginator, the
 * envelope, the broadcast's worker threads and its EMF line, the SDK's marshalling, SigV4 signing,
 * UrlConnectionHttpClient round trips over TLS and the response unmarshalling), then the {@link BroadcastWarmUp},
 * whose Scans find hundreds, until the JIT has compiled the post path. The snapshot then holds those classes loaded
 * and initialised, and the JIT's work; nothing is written to the table, no metric is emitted (its EMF lines go
 * nowhere) and no real connection is involved.
 *
 * <p>Credentials come from a default chain of priming's own, closed afterwards: on Lambda its container provider reads
 * the sandbox's credentials endpoint (no AWS API, no IAM permission), locally the dummy variables; the serving
 * handler's chain has resolved nothing when the snapshot is taken, so no credentials are cached in it.
 *
 * <p>How an {@code org.crac} hook reaches Lambda's runtime: io.github.crac:org-crac's {@code Core} (tag 0.1.3,
 * src/main/java/org/crac/Core.java) reads the system property {@code org.crac.Core.Compat}, which the Lambda Java
 * runtime sets to {@code com.amazonaws.services.lambda.crac}, loads that package's {@code Core}, {@code Context} and
 * {@code Resource}, and registers each hook as a reflective proxy of its {@code Resource} with its
 * {@code Core.getGlobalContext()}: the runtime interface client's own {@code ContextImpl}
 * (aws/aws-lambda-java-libs, aws-lambda-java-runtime-interface-client/src/main/java/com/amazonaws/services/lambda/
 * crac/ContextImpl.java), which {@code AWSLambda.onInitComplete} runs in snap-start mode: beforeCheckpoint hooks in
 * reverse order of registration, then {@code GET /runtime/restore/next}, then afterRestore hooks in order. Both
 * registries hold hooks weakly (WeakHashMap), hence {@link #REGISTERED}.
 */
final class Priming implements Resource {

    /** Invocations per priming: enough for the interpreter's profile to reach the JIT; measured in bench/. */
    static final int INVOCATIONS = 20;
    /**
     * The longest the broadcast warm-up ({@link BroadcastWarmUp}) may run before the snapshot, unless
     * BROADCAST_PRIMING_SECONDS says otherwise (0 turns it off). The Init phase of a SnapStart version, hooks included,
     * may take up to 130 s or the function's timeout, whichever is more ("Init phase" in
     * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html); this leaves most of it to init.
     */
    static final int DEFAULT_BROADCAST_PRIMING_SECONDS = 45;

    /**
     * The longest the TLS handshakes ({@link TlsHandshakes}) and the JIT's work on them may take; their 300 took
     * about 2 s in a start. Not governed by BROADCAST_PRIMING_SECONDS: every restored environment's first post makes
     * a handshake, whatever the size of its broadcasts.
     */
    static final Duration HANDSHAKE_BUDGET = Duration.ofSeconds(5);

    /**
     * @connections clients priming builds through the serving factory ({@link #buildClients}). The serving client is
     * built at init (the template sets MANAGEMENT_ENDPOINT), but its first call still runs what a new client runs once;
     * with these builds a restored environment's first invocation took 44.8 ms (42.8-45.1) against 47.4 (45.7-50.5)
     * without (bench 2b, SendMessage alone, three environments each, 2026-11-28). Without MANAGEMENT_ENDPOINT they
     * also make the client's build on the first event cheaper.
     */
    static final int CLIENT_BUILDS = 100;

    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    Priming() {
    }

    /** Registers the hook; called from the handler's no-arg constructor, the one Lambda calls. */
    static void register() {
        Priming priming = new Priming();
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    /** Primes; a failure is logged, never thrown: priming must not fail the deployment. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long started = System.nanoTime();
        try {
            List<String> requests = prime(INVOCATIONS);
            LambdaRuntime.getLogger().log("SnapStart priming: " + INVOCATIONS + " sendMessage invocations offline ("
                    + requests.size() + " API calls to the loopback stand-in) in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            long buildsStarted = System.nanoTime();
            buildClients(Clients::managementApi, CLIENT_BUILDS);
            LambdaRuntime.getLogger().log("SnapStart priming: " + CLIENT_BUILDS + " @connections clients built in "
                    + (System.nanoTime() - buildsStarted) / 1_000_000 + " ms");
            long handshakesStarted = System.nanoTime();
            int handshakes = TlsHandshakes.run(List.of(LoopbackTls.create(), LoopbackTls.createRsa()),
                    HANDSHAKE_BUDGET);
            LambdaRuntime.getLogger().log("SnapStart priming: " + handshakes + " full TLS handshakes in memory in "
                    + (System.nanoTime() - handshakesStarted) / 1_000_000 + " ms");
            Duration budget = Duration.ofSeconds(Environment.nonNegativeInt("BROADCAST_PRIMING_SECONDS",
                    DEFAULT_BROADCAST_PRIMING_SECONDS));
            if (!budget.isZero()) {
                LambdaRuntime.getLogger().log("SnapStart priming: " + BroadcastWarmUp.run(budget));
            }
        } catch (Exception | LinkageError e) {
            LambdaRuntime.getLogger().log("SnapStart priming skipped: " + e);
        }
    }

    /**
     * Nothing to renew: the serving handler holds no random or unique state; its SDK clients have neither connected
     * nor resolved credentials before the snapshot (priming used clients and a credentials chain of its own, closed;
     * their pooled connections name the stand-in's port, are never reused and expire in the JDK's keep-alive cache);
     * the runtime itself clears the DNS cache before the checkpoint (ContextImpl.beforeCheckpoint).
     */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
    }

    /**
     * Builds {@code count} @connections clients with the serving handler's factory, each for an endpoint of its own
     * that does not resolve, and closes them. Building connects nowhere and resolves no credentials (an SDK client
     * does both on its first call only), and closing one leaves the shared HTTP client open (the SDK does not close an
     * HTTP client it was given).
     */
    static void buildClients(Function<String, ApiGatewayManagementApiClient> factory, int count) {
        for (int i = 0; i < count; i++) {
            factory.apply("https://priming-" + i + ".invalid/priming").close();
        }
    }

    /** Runs the invocations and returns what reached the stand-in. */
    static List<String> prime(int invocations) throws Exception {
        try (OfflineAws aws = OfflineAws.start()) {
            try (var handler = PrimingHandler.create(aws, 1)) {
                for (int i = 0; i < invocations; i++) {
                    handler.invoke("priming-" + i);
                }
            }
            OfflineAws.primeTls();
            return aws.requests();
        }
    }
}
