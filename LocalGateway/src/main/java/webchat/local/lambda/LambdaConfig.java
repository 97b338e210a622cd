package webchat.local.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the {@link FunctionPool} runs function JVMs. Start from {@link #defaults(Path)} and change what differs with the
 * {@code with...} methods.
 *
 * @param javaHome                   the JDK whose {@code bin/java} runs the functions
 * @param ricDir                     folder holding the runtime interface client jars (LocalGateway's target/ric)
 * @param extraEnvironment           added to every function's environment after the template's: region, endpoints,
 *                                   dummy credentials
 * @param envOverrides               SAM {@code --env-vars} content: function logical id (or function name) or
 *                                   {@code Parameters} (all functions) to variables; like SAM, only variables the
 *                                   template declares are overridden
 * @param maxEnvironmentsPerFunction how many JVMs one function may run at once
 * @param extraJvmOptions            appended to every function JVM's options, e.g. the trustStore flags
 * @param timeoutOverride            replaces every function's template Timeout, or null to keep it
 * @param environmentWaitTimeout     how long an invocation waits for a busy function's free environment
 * @param console                    receives every console line: function output, START/END/REPORT lines
 */
public record LambdaConfig(
        Path javaHome,
        Path ricDir,
        Map<String, String> extraEnvironment,
        Map<String, Map<String, String>> envOverrides,
        int maxEnvironmentsPerFunction,
        List<String> extraJvmOptions,
        Duration timeoutOverride,
        Duration environmentWaitTimeout,
        Consumer<String> console) {

    /** The {@code --env-vars} key that applies to every function. */
    public static final String ALL_FUNCTIONS = "Parameters";

    public LambdaConfig {
        Objects.requireNonNull(javaHome, "javaHome");
        Objects.requireNonNull(ricDir, "ricDir");
        extraEnvironment = Map.copyOf(extraEnvironment);
        envOverrides = Map.copyOf(envOverrides);
        extraJvmOptions = List.copyOf(extraJvmOptions);
        Objects.requireNonNull(environmentWaitTimeout, "environmentWaitTimeout");
        Objects.requireNonNull(console, "console");
        if (maxEnvironmentsPerFunction < 1) {
            throw new IllegalArgumentException("maxEnvironmentsPerFunction must be at least 1");
        }
    }

    /** The running JVM's java.home, 4 environments per function, template timeouts, console on standard out. */
    public static LambdaConfig defaults(Path ricDir) {
        return new LambdaConfig(Path.of(System.getProperty("java.home")), ricDir, Map.of(), Map.of(), 4, List.of(),
                null, Duration.ofSeconds(10), System.out::println);
    }

    public LambdaConfig withJavaHome(Path home) {
        return new LambdaConfig(home, ricDir, extraEnvironment, envOverrides, maxEnvironmentsPerFunction,
                extraJvmOptions, timeoutOverride, environmentWaitTimeout, console);
    }

    public LambdaConfig withExtraEnvironment(Map<String, String> environment) {
        return new LambdaConfig(javaHome, ricDir, environment, envOverrides, maxEnvironmentsPerFunction,
                extraJvmOptions, timeoutOverride, environmentWaitTimeout, console);
    }

    public LambdaConfig withEnvOverrides(Map<String, Map<String, String>> overrides) {
        return new LambdaConfig(javaHome, ricDir, extraEnvironment, overrides, maxEnvironmentsPerFunction,
                extraJvmOptions, timeoutOverride, environmentWaitTimeout, console);
    }

    public LambdaConfig withMaxEnvironmentsPerFunction(int max) {
        return new LambdaConfig(javaHome, ricDir, extraEnvironment, envOverrides, max, extraJvmOptions,
                timeoutOverride, environmentWaitTimeout, console);
    }

    public LambdaConfig withExtraJvmOptions(List<String> options) {
        return new LambdaConfig(javaHome, ricDir, extraEnvironment, envOverrides, maxEnvironmentsPerFunction,
                options, timeoutOverride, environmentWaitTimeout, console);
    }

    public LambdaConfig withTimeoutOverride(Duration timeout) {
        return new LambdaConfig(javaHome, ricDir, extraEnvironment, envOverrides, maxEnvironmentsPerFunction,
                extraJvmOptions, timeout, environmentWaitTimeout, console);
    }

    public LambdaConfig withEnvironmentWaitTimeout(Duration wait) {
        return new LambdaConfig(javaHome, ricDir, extraEnvironment, envOverrides, maxEnvironmentsPerFunction,
                extraJvmOptions, timeoutOverride, wait, console);
    }

    public LambdaConfig withConsole(Consumer<String> sink) {
        return new LambdaConfig(javaHome, ricDir, extraEnvironment, envOverrides, maxEnvironmentsPerFunction,
                extraJvmOptions, timeoutOverride, environmentWaitTimeout, sink);
    }

    /**
     * Reads a SAM {@code --env-vars} file: {@code {"Parameters": {...}, "MyFunction": {...}}}. Numbers and booleans
     * become their text; null values are dropped.
     *
     * @throws IllegalArgumentException when the file is not such an object of objects
     * @see <a href="https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-using-invoke.html">Environment variable file</a>
     */
    public static Map<String, Map<String, String>> readEnvVarsFile(Path file) {
        try {
            return parseEnvVars(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the env-vars file " + file, e);
        }
    }

    /** Parses {@link #readEnvVarsFile(Path)}'s JSON. */
    public static Map<String, Map<String, String>> parseEnvVars(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The env-vars file is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The env-vars file must be a JSON object like "
                    + "{\"Parameters\": {\"NAME\": \"value\"}, \"MyFunction\": {\"NAME\": \"value\"}}");
        }
        Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> section : root.properties()) {
            overrides.put(section.getKey(), variables(section.getKey(), section.getValue()));
        }
        return overrides;
    }

    private static Map<String, String> variables(String section, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("In the env-vars file, \"" + section
                    + "\" must be an object of variable names to values");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> variable : node.properties()) {
            JsonNode value = variable.getValue();
            if (value.isContainerNode()) {
                throw new IllegalArgumentException("In the env-vars file, " + section + "." + variable.getKey()
                        + " must be a string, number or boolean");
            }
            if (!value.isNull()) {
                variables.put(variable.getKey(), value.asText());
            }
        }
        return variables;
    }
}
