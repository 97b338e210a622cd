package webchat.local.smoke;

/** The result of one check: passed, or failed with what was expected and what came instead. */
record Outcome(boolean passed, String detail) {

    static Outcome pass() {
        return new Outcome(true, "");
    }

    static Outcome fail(String expected, String got) {
        return new Outcome(false, "expected " + expected + "; got " + got);
    }
}
