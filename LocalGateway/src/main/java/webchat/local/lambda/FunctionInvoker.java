package webchat.local.lambda;

/** Runs a template function once, as API Gateway's Lambda integration would. */
public interface FunctionInvoker {

    /**
     * Invokes the function with the event and blocks until it answers, fails, crashes or times out. Never throws for
     * a function's own failure: that is an {@link Invocation} outcome.
     *
     * @param functionLogicalId the function's logical id in the template
     * @param eventJson         the event, as the Lambda service would deliver it
     */
    Invocation invoke(String functionLogicalId, String eventJson);
}
