package webchat.defaultroute;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.TrustManager;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * SnapStart priming of {@code $default}, a runtime hook registered the way AWS documents it
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks.html). Before the snapshot it runs real
 * {@code $default} invocations offline: the runtime's event deserializer, the handler's JSON reading and help
 * notice, the SDK's PostToConnection marshalling, SigV4 signing, a UrlConnectionHttpClient round trip over TLS (every
 * other one on a new connection) and the response unmarshalling, on a second handler whose @connections client talks to
 * {@link OfflineAws} on 127.0.0.1. The snapshot then holds
 * those classes loaded and initialised, and the JIT's work; nothing is written to the table, no metric is emitted
 * (its EMF lines go nowhere) and no real connection is involved.
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
     * The longest the TLS handshakes ({@link TlsHandshakes}) and the JIT's work on them may take: a restored
     * environment's first DynamoDB call (and @connections post, for the functions that post) opens a new TLS
     * connection on AWS.
     */
    static final Duration HANDSHAKE_BUDGET = Duration.ofSeconds(5);

    /**
     * @connections clients priming builds through the serving factory ({@link #buildClients}). Without
     * MANAGEMENT_ENDPOINT the serving handler builds its client on the first event, for the endpoint that event names:
     * measured in a local start, 5.5 ms of the first broadcast after a restore, where a build takes about 0.5 ms once
     * the JIT has seen some fifty (1.3-1.9 ms for the second to fifth).
     */
    static final int CLIENT_BUILDS = 100;

    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    private static final String EVENT = """
            {"requestContext":{"routeKey":"$default","messageId":"UHJpbWluZw=","eventType":"MESSAGE",
              "extendedRequestId":"UHJpbWluZw=","requestTime":"25/Nov/2025:21:10:41 +0000","messageDirection":"IN",
              "stage":"priming","connectedAt":1764104929012,"requestTimeEpoch":1764105041233,
              "identity":{"sourceIp":"203.0.113.10"},"requestId":"UHJpbWluZw=","domainName":"priming.invalid",
              "connectionId":"UHJpbWluZw==","apiId":"priming"},
             "body":"{\\"action\\":\\"sendmessage\\",\\"data\\":\\"hello, world\\"}",
             "isBase64Encoded":false}""";

    /**
     * Every fourth priming invocation comes from a sender that has gone (its notice gets @connections' 410), as
     * happens when a client closes right after sending: that answer's error unmarshalling is then compiled too.
     */
    static final int GONE_EVERY = 4;

    private static final String FROM_GONE_SENDER = EVENT.replace("\"connectionId\":\"UHJpbWluZw==\"",
            "\"connectionId\":\"" + OfflineAws.GONE_CONNECTION + "\"");

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
            LambdaRuntime.getLogger().log("SnapStart priming: " + INVOCATIONS + " $default invocations offline ("
                    + requests.size() + " API calls to the loopback stand-in) in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            long buildsStarted = System.nanoTime();
            buildClients(Clients::managementApi, CLIENT_BUILDS);
            LambdaRuntime.getLogger().log("SnapStart priming: " + CLIENT_BUILDS + " @connections clients built in "
                    + (System.nanoTime() - buildsStarted) / 1_000_000 + " ms");
            long handshakesStarted = System.nanoTime();
            int handshakes = TlsHandshakes.run(LoopbackTls.create(), HANDSHAKE_BUDGET);
            LambdaRuntime.getLogger().log("SnapStart priming: " + handshakes + " full TLS handshakes in memory in "
                    + (System.nanoTime() - handshakesStarted) / 1_000_000 + " ms");
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
        try (OfflineAws aws = OfflineAws.start(); var credentials = DefaultCredentialsProvider.builder().build()) {
            TrustManager[] trust = aws.connectionsTrust();
            var handler = new DefaultHandler(new ManagementApis(endpoint -> client(endpoint, credentials, trust),
                    aws.connectionsEndpoint() + "/priming"));
            for (int i = 0; i < invocations; i++) {
                OfflineAws.invoke(handler, i % GONE_EVERY == GONE_EVERY - 1 ? FROM_GONE_SENDER : EVENT, "priming-" + i);
            }
            OfflineAws.primeTls();
            return aws.requests();
        }
    }

    /**
     * Priming's own @connections client, built like the serving one, but trusting the stand-in's certificate (and no
     * other), checked as the serving client checks real ones; closed before the snapshot.
     */
    private static ApiGatewayManagementApiClient client(String endpoint, AwsCredentialsProvider credentials,
            TrustManager[] trust) {
        return ApiGatewayManagementApiClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trust).build())
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(credentials)
                .endpointOverride(URI.create(endpoint))
                .build();
    }
}
