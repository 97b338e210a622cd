package webchat.disconnect;

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
}
