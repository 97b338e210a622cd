package webchat.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import webchat.local.gateway.LocalAccess;
import webchat.local.lambda.Invocation;
import webchat.local.smoke.SmokeTest;

/** The local gateway's command line: {@code start}, {@code invoke}, {@code smoke}. */
@Command(name = "webchat", mixinStandardHelpOptions = true,
        description = "Runs a SAM template's WebSocket API on this machine.",
        subcommands = {Main.Start.class, Main.Invoke.class, Main.Smoke.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
            System.err.println("webchat: " + describe(error));
            return 1;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Options shared by start and invoke: which template, parameters, environment and DynamoDB. */
    static class TemplateArgs {
        @Option(names = "--template", description = "SAM template (default: template.yaml in the project)")
        Path template;

        @Option(names = "--parameter-overrides", arity = "1..*", paramLabel = "KEY=VALUE",
                description = "template parameters, as sam deploy --parameter-overrides")
        List<String> parameterOverrides = List.of();

        @Option(names = "--env-vars", paramLabel = "FILE", description = "environment overrides, SAM --env-vars JSON")
        Path envVars;

        @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
                description = "use this DynamoDB-compatible server instead of starting dynalite")
        URI dynamoDbEndpoint;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "keep dynalite's tables here (default: memory)")
        Path dataDir;

        @Option(names = "--region", defaultValue = "us-east-1", description = "AWS_REGION the functions see")
        String region;

        @Option(names = "--function-timeout", paramLabel = "SECONDS",
                description = "override every function's Timeout")
        Integer functionTimeout;

        LocalChatOptions.Builder options() {
            LocalChatOptions.Builder builder = LocalChatOptions.builder(projectRoot())
                    .parameterOverrides(parseOverrides(parameterOverrides))
                    .envVarsFile(envVars).dynamoDbEndpoint(dynamoDbEndpoint).dataDir(dataDir).region(region);
            if (template != null) {
                builder.template(template.toAbsolutePath());
            }
            if (functionTimeout != null) {
                builder.functionTimeout(Duration.ofSeconds(functionTimeout));
            }
            return builder;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the WebSocket API, its functions, DynamoDB and the web page; Ctrl-C stops all.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Mixin
        TemplateArgs templateArgs = new TemplateArgs();

        @Option(names = "--port", defaultValue = "3001", description = "HTTP/WebSocket port, 0 = any free (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--tls-port", defaultValue = "0", description = "HTTPS port of the @connections API, 0 = any free")
        int tlsPort;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "bind address (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--stage", description = "stage in the URL paths (default: the template's)")
        String stage;

        @Option(names = "--function-concurrency", defaultValue = "4",
                description = "execution environments per function (default: ${DEFAULT-VALUE})")
        int functionConcurrency;

        @Option(names = "--idle-timeout", defaultValue = "600", paramLabel = "SECONDS",
                description = "close idle connections after this (default: ${DEFAULT-VALUE})")
        long idleTimeout;

        @Option(names = "--max-connection-duration", defaultValue = "7200", paramLabel = "SECONDS",
                description = "close every connection after this (default: ${DEFAULT-VALUE})")
        long maxConnectionDuration;

        @Option(names = "--management-delay", defaultValue = "0", paramLabel = "MS",
                description = "add this delay to every @connections call, to simulate AWS latency")
        long managementDelay;

        @Option(names = "--allowed-host", paramLabel = "NAME",
                description = "also answer requests for this Host name (default: only the bind address, localhost,"
                        + " 127.0.0.1, [::1]); repeatable")
        List<String> allowedHosts = new ArrayList<>();

        @Option(names = "--allow-origin", paramLabel = "URL",
                description = "let web pages from this origin (e.g. https://chat.example.com, or null for a page"
                        + " opened from disk) connect to the WebSocket API (default: only the gateway's own page and"
                        + " local pages); repeatable")
        List<String> allowedOrigins = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            requirePortFree(host, port);
            long started = System.nanoTime();
            LocalChatOptions options = templateArgs.options().port(port).tlsPort(tlsPort).bindAddress(host)
                    .stage(stage).maxEnvironmentsPerFunction(functionConcurrency)
                    .idleTimeout(Duration.ofSeconds(idleTimeout))
                    .maxConnectionDuration(Duration.ofSeconds(maxConnectionDuration))
                    .managementDelay(Duration.ofMillis(managementDelay))
                    .localAccess(new LocalAccess(allowedHosts, allowedOrigins))
                    .console(System.out::println).build();
            LocalChat chat = LocalChat.start(options);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("webchat: stopping...");
                chat.close();
                stopped.countDown();
            }, "webchat-shutdown"));
            long readyMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("""

                    webchat is running (ready in %d ms). Ctrl-C stops it.
                      WebSocket     %s
                      @connections  %s
                      Web page      %s
                      DynamoDB      %s

                    """, readyMs, chat.webSocketUrl(), chat.connectionsUrl(), chat.webUrl(), chat.dynamoDbEndpoint());
            stopped.await();
            return 0;
        }
    }

    @Command(name = "invoke", mixinStandardHelpOptions = true,
            description = "Run one function once with an event (like sam local invoke, without Docker).")
    static final class Invoke implements Callable<Integer> {
        @CommandLine.Mixin
        TemplateArgs templateArgs = new TemplateArgs();

        @Parameters(index = "0", paramLabel = "FUNCTION", description = "the function's logical id in the template")
        String function;

        @Option(names = {"-e", "--event"}, required = true, paramLabel = "EVENT.json", description = "the event file")
        Path event;

        @Override
        public Integer call() throws Exception {
            String eventJson = Files.readString(event, StandardCharsets.UTF_8);
            PrintStream logs = System.err;
            LocalChatOptions options = templateArgs.options().port(0).console(logs::println).build();
            try (LocalChat chat = LocalChat.start(options)) {
                if (!chat.application().functions().containsKey(function)) {
                    throw new IllegalArgumentException("no function " + function + " in the template; it has "
                            + String.join(", ", chat.application().functions().keySet()));
                }
                Invocation result = chat.invoke(function, eventJson);
                System.out.println(result.payload());
                return result.succeeded() ? 0 : 1;
            }
        }
    }

    @Command(name = "smoke", description = "Check any endpoint end to end (ws:// or wss://). See --help.",
            mixinStandardHelpOptions = false)
    static final class Smoke implements Callable<Integer> {
        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return SmokeTest.run(args.toArray(String[]::new), System.out);
        }
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("webchat.projectRoot", ".")).toAbsolutePath().normalize();
    }

    static Map<String, String> parseOverrides(List<String> pairs) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("parameter override '" + pair + "' is not KEY=VALUE");
            }
            String value = pair.substring(equals + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            overrides.put(pair.substring(0, equals), value);
        }
        return overrides;
    }

    static void requirePortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException taken) {
            throw new IllegalStateException("port " + port + " on " + host + " is in use (another gateway?): stop it, "
                    + "or pick another with --port N (0 = any free port)");
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.toString() : message;
    }
}
