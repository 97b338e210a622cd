package webchat.local.lambda;

/**
 * A SnapStart function's version, as publishing left it: its Init Duration (init and beforeCheckpoint hooks, as the
 * INIT_REPORT line shows it) and, when init or a hook failed, the error (else null).
 */
public record PublishedVersion(String functionId, double initDurationMs, String error) {

    public boolean published() {
        return error == null;
    }
}
