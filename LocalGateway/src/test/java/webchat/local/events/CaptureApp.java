package webchat.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;
import webchat.local.gateway.GatewayConfig;
import webchat.local.gateway.GatewayServer;
import webchat.local.lambda.FunctionPool;
import webchat.local.lambda.LambdaConfig;
import webchat.local.template.TemplateLoader;
import webchat.local.template.TemplateOptions;

/**
 * The event-capture test app (src/test/resources/apps/event-capture) running for real: its template read by the
 * template package, its capture function compiled here and run in function JVMs by the official runtime interface
 * client, the gateway in front. Every event a function received is a raw JSON file in the capture folder.
 */
public final class CaptureApp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RIC_DIR = Path.of(System.getProperty("webchat.ricDir", "target/ric")).toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path captures;
    private final FunctionPool functions;
    private final GatewayServer gateway;
    private final Set<Path> seen = new HashSet<>();

    private CaptureApp(Path captures, FunctionPool functions, GatewayServer gateway) {
        this.captures = captures;
        this.functions = functions;
        this.gateway = gateway;
    }

    /** Copies the app into the folder, compiles its function and starts the template (template.yaml, authorized.yaml). */
    public static CaptureApp start(Path folder, String template) throws Exception {
        var app = copyApp(folder.resolve("app"));
        compile(app.resolve("CaptureFunction"));
        var captures = Files.createDirectories(folder.resolve("captures"));
        var application = TemplateLoader.load(app.resolve(template), TemplateOptions.defaults()
                .withParameterOverrides(Map.of("CaptureDir", captures.toString())));
        var config = LambdaConfig.defaults(RIC_DIR).withConsole(line -> { }).withExtraEnvironment(Map.of(
                "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_REGION", application.region()));
        var functions = new FunctionPool(application.functions(), config);
        try {
            var gateway = new GatewayServer(application.api(), functions,
                    GatewayConfig.defaults().withWebRoot(app.resolve("page")).withConsole(line -> { })).start();
            return new CaptureApp(captures, functions, gateway);
        } catch (Exception failed) {
            functions.close();
            throw failed;
        }
    }

    public GatewayServer gateway() {
        return gateway;
    }

    /** The app's page (page/index.html), for a browser to open connections from. */
    public URI pageUrl() {
        return URI.create("http://" + gateway.webSocketUrl().getAuthority() + "/");
    }

    /** The stage URL with this query string (empty for none). */
    public URI url(String query) {
        return URI.create(gateway.webSocketUrl() + query);
    }

    /** The next event not taken before that matches, waiting for its capture file. */
    public JsonNode next(Predicate<JsonNode> matching) throws Exception {
        var deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var found = unseen().filter(entry -> matching.test(entry.getValue())).findFirst();
            if (found.isPresent()) {
                seen.add(found.get().getKey());
                return found.get().getValue();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no captured event matched within " + WAIT + "; captured: " + unseen().toList());
    }

    /** True when no unseen captured event matches after waiting this long. */
    boolean noneWithin(Predicate<JsonNode> matching, Duration wait) throws Exception {
        Thread.sleep(wait.toMillis());
        return unseen().noneMatch(entry -> matching.test(entry.getValue()));
    }

    public static Predicate<JsonNode> eventType(String type) {
        return event -> type.equals(event.path("requestContext").path("eventType").textValue())
                && !event.has("type");
    }

    static Predicate<JsonNode> authorizerRequest() {
        return event -> "REQUEST".equals(event.path("type").textValue());
    }

    public static Predicate<JsonNode> of(String eventType, String connectionId) {
        return eventType(eventType).and(event ->
                connectionId.equals(event.path("requestContext").path("connectionId").textValue()));
    }

    private Stream<Map.Entry<Path, JsonNode>> unseen() throws IOException {
        try (var files = Files.list(captures)) {
            return files.filter(file -> file.toString().endsWith(".json") && !seen.contains(file)).sorted()
                    .map(file -> Map.entry(file, read(file))).toList().stream();
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException unreadable) {
            throw new AssertionError("a captured event is not JSON: " + file, unreadable);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            gateway.close();
        } finally {
            functions.close();
        }
    }

    private static Path copyApp(Path to) throws IOException, URISyntaxException {
        var from = Path.of(CaptureApp.class.getResource("/apps/event-capture").toURI());
        try (var walk = Files.walk(from)) {
            for (var path : walk.toList()) {
                var target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return to;
    }

    /** Compiles the function's sources into target/classes and puts utils-lite (which the RIC needs) beside them. */
    private static void compile(Path function) throws IOException, URISyntaxException {
        var classes = Files.createDirectories(function.resolve("target").resolve("classes"));
        List<File> sources;
        try (var walk = Files.walk(function.resolve("src"))) {
            sources = walk.filter(path -> path.toString().endsWith(".java")).map(Path::toFile).toList();
        }
        String classPath;
        try (var jars = Files.list(RIC_DIR)) {
            classPath = jars.map(Path::toString).filter(name -> name.endsWith(".jar"))
                    .collect(Collectors.joining(File.pathSeparator));
        }
        var compiler = ToolProvider.getSystemJavaCompiler();
        var errors = new StringWriter();
        var fileManager = compiler.getStandardFileManager(null, null, null);
        var compiled = compiler.getTask(errors, fileManager, null,
                List.of("--release", "25", "-d", classes.toString(), "-cp", classPath), null,
                fileManager.getJavaFileObjectsFromFiles(sources)).call();
        if (!compiled) {
            throw new IllegalStateException("The capture function does not compile:\n" + errors);
        }
        var dependencies = Files.createDirectories(function.resolve("target").resolve("dependency"));
        var utilsLite = Path.of(SdkInternalThreadLocal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(utilsLite, dependencies.resolve(utilsLite.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
