package webchat.local.lambda;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;
import webchat.local.template.LambdaFunction;

/** A function folder (target/classes) compiled at test time from handlers that misbehave on request. */
final class FixtureFunction {

    static final Path RIC_DIR = Path.of(System.getProperty("webchat.ricDir", "target/ric")).toAbsolutePath();

    /** Does what the event's "action" asks, then returns the event, its own pid and its whole environment. */
    private static final String HANDLER = """
            package fixture;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.HashMap;
            import java.util.Map;
            import java.util.TreeMap;

            public class Fixture implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                @Override
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    switch (String.valueOf(event.get("action"))) {
                        case "throw" -> throw new IllegalStateException("refused: " + event.get("reason"));
                        case "sleep" -> pause(((Number) event.get("millis")).longValue());
                        case "exit" -> System.exit(3);
                        case "halt" -> Runtime.getRuntime().halt(7);
                        case "log" -> {
                            System.out.println("printed " + event.get("text"));
                            context.getLogger().log("logged " + event.get("text"));
                        }
                        case "linger" -> {
                            Runtime.getRuntime().addShutdownHook(new Thread(() -> pause(60_000)));
                            try {
                                Process child = new ProcessBuilder("sleep", "300").start();
                                System.out.println("started " + child.pid());
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                        case "hold" -> {
                            System.out.println("holding " + event.get("gate"));
                            while (!Files.exists(Path.of(String.valueOf(event.get("gate"))))) {
                                pause(10);
                            }
                        }
                        default -> { }
                    }
                    Map<String, Object> response = new HashMap<>();
                    response.put("event", event);
                    response.put("pid", ProcessHandle.current().pid());
                    response.put("environment", new TreeMap<>(System.getenv()));
                    response.put("requestId", context.getAwsRequestId());
                    response.put("functionArn", context.getInvokedFunctionArn());
                    response.put("remainingMs", context.getRemainingTimeInMillis());
                    return response;
                }

                private static void pause(long millis) {
                    try {
                        Thread.sleep(millis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            """;

    /** Fails while Lambda initialises it: its constructor throws. */
    private static final String BROKEN_INIT = """
            package fixture;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.Map;

            public class BrokenInit implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                public BrokenInit() {
                    throw new IllegalStateException("TABLE_NAME is not set");
                }

                @Override
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    return event;
                }
            }
            """;

    static final String HANDLER_NAME = "fixture.Fixture::handleRequest";
    static final String BROKEN_INIT_HANDLER_NAME = "fixture.BrokenInit::handleRequest";

    private FixtureFunction() {}

    /** Compiles the fixture handlers into {@code folder/target/classes}; returns the folder. */
    static Path compileInto(Path folder) throws IOException {
        Path sources = Files.createDirectories(folder.resolve("src"));
        Path classes = Files.createDirectories(folder.resolve("target").resolve("classes"));
        Path handler = Files.writeString(sources.resolve("Fixture.java"), HANDLER);
        Path brokenInit = Files.writeString(sources.resolve("BrokenInit.java"), BROKEN_INIT);
        String ricJars;
        try (Stream<Path> jars = Files.list(RIC_DIR)) {
            ricJars = jars.map(Path::toString).filter(name -> name.endsWith(".jar"))
                    .collect(Collectors.joining(File.pathSeparator));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = compiler.getTask(errors, null, null,
                List.of("-d", classes.toString(), "-cp", ricJars), null,
                compiler.getStandardFileManager(null, null, null).getJavaFileObjects(handler, brokenInit)).call();
        if (!compiled) {
            throw new IllegalStateException("The fixture handlers do not compile:\n" + errors);
        }
        copyUtilsLiteInto(Files.createDirectories(folder.resolve("target").resolve("dependency")));
        return folder;
    }

    /** Copies a compiled fixture folder's target/classes and target/dependency to {@code to}; returns {@code to}. */
    static Path copy(Path compiled, Path to) throws IOException {
        for (String part : List.of("classes", "dependency")) {
            Path from = compiled.resolve("target").resolve(part);
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path path : walk.toList()) {
                    Path target = to.resolve("target").resolve(part).resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        return to;
    }

    /**
     * Like a function that uses the AWS SDK, whose target/dependency holds utils-lite: the runtime interface client
     * needs it and target/ric may not have it.
     */
    private static void copyUtilsLiteInto(Path dependencies) throws IOException {
        try {
            Path jar = Path.of(SdkInternalThreadLocal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(jar, dependencies.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    static LambdaFunction function(String logicalId, Path folder, String handler, int timeoutSeconds,
            Map<String, String> environment) {
        return new LambdaFunction(logicalId, "webchat-" + logicalId, folder, handler, "java25", environment, 256,
                timeoutSeconds, "Text", null);
    }
}
