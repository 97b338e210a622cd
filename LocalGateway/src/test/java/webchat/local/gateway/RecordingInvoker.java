package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import webchat.local.lambda.FunctionInvoker;
import webchat.local.lambda.Invocation;

/** An in-process FunctionInvoker: records every event it gets and answers with what each test sets. */
final class RecordingInvoker implements FunctionInvoker {

    record Call(String functionId, JsonNode event, boolean onVirtualThread) {
        String connectionId() {
            return event.path("requestContext").path("connectionId").textValue();
        }

        JsonNode context() {
            return event.path("requestContext");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Function<JsonNode, Invocation>> answers = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Call>> calls = new ConcurrentHashMap<>();

    /** Every function answers 200 with a body naming itself until a test says otherwise. */
    void answer(String functionId, Function<JsonNode, Invocation> answer) {
        answers.put(functionId, answer);
    }

    static Invocation success(String payload) {
        return new Invocation(UUID.randomUUID().toString(), Invocation.Outcome.SUCCESS, payload);
    }

    static Invocation failure(Invocation.Outcome outcome) {
        return new Invocation(UUID.randomUUID().toString(), outcome, "{\"errorMessage\":\"boom\"}");
    }

    @Override
    public Invocation invoke(String functionLogicalId, String eventJson) {
        JsonNode event;
        try {
            event = JSON.readTree(eventJson);
        } catch (Exception notJson) {
            throw new AssertionError("the gateway sent an event that is not JSON: " + eventJson, notJson);
        }
        queue(functionLogicalId).add(new Call(functionLogicalId, event, Thread.currentThread().isVirtual()));
        var answer = answers.get(functionLogicalId);
        if (answer != null) {
            return answer.apply(event);
        }
        return success("{\"statusCode\":200,\"body\":\"" + functionLogicalId + " answered\"}");
    }

    /** The next call of the function, waiting up to 10 s. */
    Call take(String functionId) throws InterruptedException {
        var call = queue(functionId).poll(10, TimeUnit.SECONDS);
        assertNotNull(call, "no call of " + functionId + " within 10 s");
        return call;
    }

    /** The next call of the function if one arrives within the time, else null. */
    Call poll(String functionId, long millis) throws InterruptedException {
        return queue(functionId).poll(millis, TimeUnit.MILLISECONDS);
    }

    private BlockingQueue<Call> queue(String functionId) {
        return calls.computeIfAbsent(functionId, id -> new LinkedBlockingQueue<>());
    }
}
