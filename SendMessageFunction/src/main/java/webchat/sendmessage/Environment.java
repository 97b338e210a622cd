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
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            parsed = 0;
        }
        if (parsed > 0) {
            return parsed;
        }
        throw new IllegalStateException(name + " must be a positive whole number, was '" + value + "'");
    }
}
