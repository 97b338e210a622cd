package webchat.defaultroute;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming of {@code $default}, a runtime hook registered the way AWS documents it
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks.html). Before the snapshot it runs real
 * {@code $default} invocations of the serving handler through the Lambda runtime's own invocation code
 * ({@link RuntimeInvocations}): each event goes in as bytes, is read by the runtime's serializer and answered with a
 * response the runtime writes back, with the handler's JSON reading, its notice and its log line (formatted by the
 * runtime's own logger, then dropped: {@link PrimingLogger}) in between. The snapshot then holds those classes
 * loaded and initialised, and the JIT's work. The handler calls no service, so nothing leaves the JVM, nothing is
 * written and nothing is posted.
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

    /**
     * Invocations per priming: enough for the JIT to compile the handler's JSON reading and writing and the runtime's
     * serializers; about 0.45 s of init in the bench (section 2b), 1.4 s in a start, where four functions publish at
     * once.
     */
    static final int INVOCATIONS = 3000;

    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    /**
     * A $default event as API Gateway sends it to a client that sent a User-Agent (every browser does); {@link #BODIES}
     * go in its body, one per invocation in turn. Every field the real events have must be here: a field priming never
     * parsed takes the runtime's deserializer down code the JIT left out, and the first real event deoptimises it
     * (-Xlog:deoptimization showed that for identity.userAgent, 2026-11-28).
     */
    static final String EVENT = """
            {"requestContext":{"routeKey":"$default","messageId":"UHJpbWluZw=","eventType":"MESSAGE",
              "extendedRequestId":"UHJpbWluZw=","requestTime":"25/Nov/2025:21:10:41 +0000","messageDirection":"IN",
              "stage":"priming","connectedAt":1764104929012,"requestTimeEpoch":1764105041233,
              "identity":{"sourceIp":"203.0.113.10","userAgent":"priming"},"requestId":"UHJpbWluZw=",
              "domainName":"priming.invalid","connectionId":"UHJpbWluZw==","apiId":"priming"},
             "body":BODY,
             "isBase64Encoded":false}""";

    /** What reaches $default: a wrong-case action, an unknown one, no action, not JSON. */
    static final List<String> BODIES = List.of(
            "{\"action\":\"sendmessage\",\"data\":\"hello, world\"}",
            "{\"action\":\"join\",\"room\":\"lobby\"}",
            "{\"data\":\"hello, world\"}",
            "hello, world");

    private final DefaultHandler handler;

    Priming(DefaultHandler handler) {
        this.handler = handler;
    }

    /** Registers the hook for the serving handler; called from its no-arg constructor, the one Lambda calls. */
    static void register(DefaultHandler handler) {
        Priming priming = new Priming(handler);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    /** Primes; a failure is logged, never thrown: priming must not fail the deployment. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        long started = System.nanoTime();
        try {
            RuntimeInvocations runtime = runtime(handler);
            List<String> responses = prime(runtime, INVOCATIONS);
            LambdaRuntime.getLogger().log("SnapStart priming: " + responses.size() + " $default invocations "
                    + runtime.how() + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (Exception | LinkageError e) {
            LambdaRuntime.getLogger().log("SnapStart priming skipped: " + e);
        }
    }

    /** Nothing to renew: the handler holds no random or unique state and no connection. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }

    /** The Lambda Java runtime's own invocation code around {@code handler} ({@link RuntimeInvocations}). */
    static RuntimeInvocations runtime(DefaultHandler handler) throws ReflectiveOperationException {
        return RuntimeInvocations.of(handler, APIGatewayV2WebSocketEvent.class, APIGatewayV2WebSocketResponse.class);
    }

    /**
     * Runs {@code invocations} invocations through {@code runtime}, the bodies of {@link #BODIES} in turn, and returns
     * the responses as the runtime would post them.
     */
    static List<String> prime(RuntimeInvocations runtime, int invocations) throws Exception {
        LambdaLogger logger = PrimingLogger.create();
        List<String> responses = new ArrayList<>(invocations);
        for (int i = 0; i < invocations; i++) {
            String event = EVENT.replace("BODY", Json.write(BODIES.get(i % BODIES.size())));
            byte[] response = runtime.invoke("priming-" + i, event.getBytes(StandardCharsets.UTF_8), logger);
            responses.add(new String(response, StandardCharsets.UTF_8));
        }
        return responses;
    }
}
