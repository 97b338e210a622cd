package webchat.sendmessage;

/** Reads the function's configuration from environment variables, failing the init phase with a clear message. */
final class Environment {

    private Environment() {
    }

    static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + name + " is not set");
        }
        return value.strip();
    }

    static int positiveInt(String name, int defaultValue) {
        return wholeNumber(name, defaultValue, 1, "a positive whole number");
    }

    static int nonNegativeInt(String name, int defaultValue) {
        return wholeNumber(name, defaultValue, 0, "a whole number, 0 or more");
    }

    private static int wholeNumber(String name, int defaultValue, int least, String what) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            parsed = least - 1;
        }
        if (parsed >= least) {
            return parsed;
        }
        throw new IllegalStateException(name + " must be " + what + ", was '" + value + "'");
    }
}
