package webchat.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import webchat.local.gateway.LocalAccess;

/**
 * How to run the local chat. {@link #builder(Path)} starts from API Gateway's and SAM's values:
 * {@code LocalChatOptions.builder(root).port(0).stage("test").build()}.
 *
 * @param projectRoot           the folder holding the template and the function folders
 * @param template              the SAM template (relative paths resolve against projectRoot)
 * @param port                  HTTP/WebSocket port; 0 picks a free one
 * @param tlsPort               HTTPS port of the @connections API; 0 picks a free one
 * @param stage                 stage in the URL paths, or null for the template's
 * @param envVarsFile           SAM --env-vars JSON, or null
 * @param dynamoDbEndpoint      a DynamoDB-compatible server to use, or null to start dynalite
 * @param dataDir               where dynalite keeps its tables, or null for memory
 * @param functionTimeout       overrides every function's Timeout, or null for the template's
 * @param managementDelay       added to every @connections call (to simulate AWS latency)
 * @param localAccess           Host names and web page origins the gateway answers beyond its loopback defaults
 * @param console               where progress, function logs and REPORT lines go
 */
public record LocalChatOptions(
        Path projectRoot,
        Path template,
        String bindAddress,
        int port,
        int tlsPort,
        String stage,
        String region,
        Map<String, String> parameterOverrides,
        Path envVarsFile,
        URI dynamoDbEndpoint,
        Path dataDir,
        int maxEnvironmentsPerFunction,
        Duration functionTimeout,
        Duration idleTimeout,
        Duration maxConnectionDuration,
        Duration managementDelay,
        LocalAccess localAccess,
        Consumer<String> console) {

    public static final int DEFAULT_PORT = 3001;

    /** API Gateway's limits, the template beside the functions, port 3001 on 127.0.0.1, dynalite in memory. */
    public static Builder builder(Path projectRoot) {
        Builder b = new Builder();
        b.projectRoot = projectRoot;
        b.template = projectRoot.resolve("template.yaml");
        return b;
    }

    /** The defaults of {@link #builder(Path)}. */
    public static LocalChatOptions defaults(Path projectRoot) {
        return builder(projectRoot).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.projectRoot = projectRoot;
        b.template = template;
        b.bindAddress = bindAddress;
        b.port = port;
        b.tlsPort = tlsPort;
        b.stage = stage;
        b.region = region;
        b.parameterOverrides = parameterOverrides;
        b.envVarsFile = envVarsFile;
        b.dynamoDbEndpoint = dynamoDbEndpoint;
        b.dataDir = dataDir;
        b.maxEnvironmentsPerFunction = maxEnvironmentsPerFunction;
        b.functionTimeout = functionTimeout;
        b.idleTimeout = idleTimeout;
        b.maxConnectionDuration = maxConnectionDuration;
        b.managementDelay = managementDelay;
        b.localAccess = localAccess;
        b.console = console;
        return b;
    }

    /** Changes one setting at a time; {@link #build()} makes the options. */
    public static final class Builder {
        private Path projectRoot;
        private Path template;
        private String bindAddress = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private int tlsPort;
        private String stage;
        private String region = "us-east-1";
        private Map<String, String> parameterOverrides = Map.of();
        private Path envVarsFile;
        private URI dynamoDbEndpoint;
        private Path dataDir;
        private int maxEnvironmentsPerFunction = 4;
        private Duration functionTimeout;
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxConnectionDuration = Duration.ofHours(2);
        private Duration managementDelay = Duration.ZERO;
        private LocalAccess localAccess = LocalAccess.loopbackOnly();
        private Consumer<String> console = System.out::println;

        private Builder() {}

        public Builder template(Path value) { this.template = value; return this; }
        public Builder bindAddress(String value) { this.bindAddress = value; return this; }
        public Builder port(int value) { this.port = value; return this; }
        public Builder tlsPort(int value) { this.tlsPort = value; return this; }
        public Builder stage(String value) { this.stage = value; return this; }
        public Builder region(String value) { this.region = value; return this; }
        /** Adds to the overrides given before (a key given again takes the new value). */
        public Builder parameterOverrides(Map<String, String> value) {
            var merged = new java.util.LinkedHashMap<>(parameterOverrides);
            merged.putAll(value);
            this.parameterOverrides = Map.copyOf(merged);
            return this;
        }
        public Builder envVarsFile(Path value) { this.envVarsFile = value; return this; }
        public Builder dynamoDbEndpoint(URI value) { this.dynamoDbEndpoint = value; return this; }
        public Builder dataDir(Path value) { this.dataDir = value; return this; }
        public Builder maxEnvironmentsPerFunction(int value) { this.maxEnvironmentsPerFunction = value; return this; }
        public Builder functionTimeout(Duration value) { this.functionTimeout = value; return this; }
        public Builder idleTimeout(Duration value) { this.idleTimeout = value; return this; }
        public Builder maxConnectionDuration(Duration value) { this.maxConnectionDuration = value; return this; }
        public Builder managementDelay(Duration value) { this.managementDelay = value; return this; }
        public Builder localAccess(LocalAccess value) { this.localAccess = value; return this; }
        public Builder console(Consumer<String> value) { this.console = value; return this; }

        public LocalChatOptions build() {
            return new LocalChatOptions(projectRoot, projectRoot.resolve(template), bindAddress, port, tlsPort, stage,
                    region, parameterOverrides, envVarsFile, dynamoDbEndpoint, dataDir, maxEnvironmentsPerFunction,
                    functionTimeout, idleTimeout, maxConnectionDuration, managementDelay, localAccess, console);
        }
    }
}
