package webchat.disconnect;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of {@code $disconnect}, a runtime hook registered the way AWS documents it
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks.html). Before the snapshot it runs real
 * {@code $disconnect} invocations offline: the runtime's event deserializer, the handler and its EMF line, the SDK's DeleteItem
 * marshalling, SigV4 signing, a UrlConnectionHttpClient round trip and the response unmarshalling, on a second handler
 * whose client talks to {@link OfflineAws} on 127.0.0.1. The snapshot then holds
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
     * environment's first DynamoDB call opens a new TLS connection on AWS.
     */
    static final Duration HANDSHAKE_BUDGET = Duration.ofSeconds(5);

    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    private static final String EVENT = """
            {"headers":{"Host":"abcdef1234.execute-api.us-east-1.amazonaws.com","x-api-key":"","X-Forwarded-For":"",
              "x-restapi":""},
             "multiValueHeaders":{"Host":["abcdef1234.execute-api.us-east-1.amazonaws.com"]},
             "requestContext":{"routeKey":"$disconnect","disconnectStatusCode":1001,"eventType":"DISCONNECT",
              "extendedRequestId":"UHJpbWluZw=","requestTime":"25/Nov/2025:21:14:03 +0000","messageDirection":"IN",
              "disconnectReason":"Going away","stage":"priming","connectedAt":1764104929012,
              "requestTimeEpoch":1764105243517,"identity":{"sourceIp":"203.0.113.10","userAgent":"priming"},
              "requestId":"UHJpbWluZw=","domainName":"priming.invalid","connectionId":"UHJpbWluZw==",
              "apiId":"priming"},
             "isBase64Encoded":false}""";

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
            LambdaRuntime.getLogger().log("SnapStart priming: " + INVOCATIONS + " $disconnect invocations offline ("
                    + requests.size() + " API calls to the loopback stand-in) in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            long handshakesStarted = System.nanoTime();
            int handshakes = TlsHandshakes.run(List.of(LoopbackTls.create(), LoopbackTls.createRsa()),
                    HANDSHAKE_BUDGET);
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

    /** Runs the invocations and returns what reached the stand-in. */
    static List<String> prime(int invocations) throws Exception {
        try (OfflineAws aws = OfflineAws.start(); var credentials = DefaultCredentialsProvider.builder().build();
                DynamoDbClient dynamoDb = client(aws.endpoint(), credentials)) {
            var handler = new DisconnectHandler(dynamoDb, "priming",
                    new Metrics(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()));
            RuntimeInvocations runtime = OfflineAws.runtime(handler);
            for (int i = 0; i < invocations; i++) {
                OfflineAws.invoke(runtime, EVENT, "priming-" + i);
            }
            OfflineAws.primeTls();
            return aws.requests();
        }
    }

    private static DynamoDbClient client(URI endpoint, AwsCredentialsProvider credentials) {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(Environment.required("AWS_REGION")))
                .credentialsProvider(credentials)
                .endpointOverride(endpoint)
                .build();
    }
}
