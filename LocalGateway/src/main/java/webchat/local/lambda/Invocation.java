package webchat.local.lambda;

/**
 * The result of one invocation.
 *
 * @param requestId the Lambda request id (a UUID)
 * @param payload   the function's response JSON on SUCCESS; the error JSON ({"errorMessage","errorType",...}) on
 *                  FUNCTION_ERROR; a short description otherwise
 */
public record Invocation(String requestId, Outcome outcome, String payload) {

    public enum Outcome {
        /** The handler returned; payload is its response. */
        SUCCESS,
        /** The handler threw, or the runtime reported an init error. */
        FUNCTION_ERROR,
        /** The template's Timeout passed; the environment was killed and will be replaced. */
        TIMEOUT,
        /** The function's JVM died or could not start. */
        CRASHED
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}
