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

    /**
     * Registers an org.crac runtime hook in its constructor, as function code does for SnapStart. The hooks append to
     * the timeline it returns, and to files in HOOK_MARKERS (when set) so a test sees them before any invocation;
     * HOOK_FAILURE makes one throw ("before", "after") or run past the restore limit ("slow-after").
     */
    private static final String HOOKED = """
            package fixture;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.io.IOException;
            import java.lang.management.ManagementFactory;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.List;
            import java.util.Map;
            import java.util.concurrent.CopyOnWriteArrayList;
            import org.crac.Core;
            import org.crac.Resource;

            public class Hooked implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                private static final List<String> TIMELINE = new CopyOnWriteArrayList<>();
                private static final String FAILURE = String.valueOf(System.getenv("HOOK_FAILURE"));

                private final Resource hook = new Resource() {
                    @Override
                    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
                        happened("beforeCheckpoint");
                        if (FAILURE.equals("before")) {
                            throw new IllegalStateException("priming failed");
                        }
                    }

                    @Override
                    public void afterRestore(org.crac.Context<? extends Resource> context) throws Exception {
                        happened("afterRestore");
                        if (FAILURE.equals("after")) {
                            throw new IllegalStateException("could not renew");
                        }
                        if (FAILURE.equals("slow-after")) {
                            Thread.sleep(12_000);
                        }
                    }
                };

                public Hooked() {
                    happened("constructed");
                    Core.getGlobalContext().register(hook);
                }

                @Override
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    happened("invoked");
                    return Map.of("timeline", List.copyOf(TIMELINE),
                            "jvmOptions", ManagementFactory.getRuntimeMXBean().getInputArguments(),
                            "environment", System.getenv());
                }

                private static void happened(String what) {
                    TIMELINE.add(what);
                    String markers = System.getenv("HOOK_MARKERS");
                    if (markers != null) {
                        try {
                            Files.writeString(Path.of(markers, what), what);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            }
            """;

    static final String HANDLER_NAME = "fixture.Fixture::handleRequest";
    static final String HOOKED_HANDLER_NAME = "fixture.Hooked::handleRequest";
    static final String BROKEN_INIT_HANDLER_NAME = "fixture.BrokenInit::handleRequest";

    private FixtureFunction() {}

    /** Compiles the fixture handlers into {@code folder/target/classes}; returns the folder. */
    static Path compileInto(Path folder) throws IOException {
        Path sources = Files.createDirectories(folder.resolve("src"));
        Path classes = Files.createDirectories(folder.resolve("target").resolve("classes"));
        Path handler = Files.writeString(sources.resolve("Fixture.java"), HANDLER);
        Path brokenInit = Files.writeString(sources.resolve("BrokenInit.java"), BROKEN_INIT);
        Path hooked = Files.writeString(sources.resolve("Hooked.java"), HOOKED);
        Path dependencies = Files.createDirectories(folder.resolve("target").resolve("dependency"));
        Path orgCrac = copyJarOf(org.crac.Core.class, dependencies);
        String ricJars;
        try (Stream<Path> jars = Files.list(RIC_DIR)) {
            ricJars = Stream.concat(jars.map(Path::toString).filter(name -> name.endsWith(".jar")),
                    Stream.of(orgCrac.toString())).collect(Collectors.joining(File.pathSeparator));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = compiler.getTask(errors, null, null,
                List.of("-d", classes.toString(), "-cp", ricJars), null,
                compiler.getStandardFileManager(null, null, null)
                        .getJavaFileObjects(handler, brokenInit, hooked)).call();
        if (!compiled) {
            throw new IllegalStateException("The fixture handlers do not compile:\n" + errors);
        }
        copyJarOf(SdkInternalThreadLocal.class, dependencies);
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
     * Copies the jar holding {@code type} into the fixture's target/dependency, as a function's build would: utils-lite
     * (a function that uses the AWS SDK has it there, and the runtime interface client needs it) and org-crac.
     */
    private static Path copyJarOf(Class<?> type, Path dependencies) throws IOException {
        try {
            Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.copy(jar, dependencies.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
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
