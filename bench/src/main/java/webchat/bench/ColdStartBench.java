package webchat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import webchat.local.LocalChat;
import webchat.local.dynamodb.TableCreator;
import webchat.local.lambda.FunctionPool;
import webchat.local.lambda.Invocation;
import webchat.local.lambda.InvocationReport;
import webchat.local.lambda.LambdaConfig;
import webchat.local.template.LambdaFunction;

/**
 * Cold start per function against a trivial handler (the floor) in the same run: Init Duration + first Duration,
 * and the warm Duration, for the gateway's JVM options and for variants (C2 on, a JDK 25 AOT cache). The run starts
 * by deleting the functions' AppCDS archives, so round 1 is the first cold start without an archive and later rounds
 * use the archive the gateway wrote when round 1's pool closed. Each cold start is a fresh execution environment (a
 * new JVM); DynamoDB and @connections are a real local chat's.
 */
final class ColdStartBench {

    static final String FLOOR = "FloorFunction";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> EVENTS = Map.of(
            "ConnectFunction", "connect.json", "DisconnectFunction", "disconnect.json",
            "DefaultFunction", "default.json", "SendMessageFunction", "sendMessage.json", FLOOR, "connect.json");

    /** A way of starting the function JVMs: options added after the gateway's own, and an optional training run. */
    record Variant(String name, String description, boolean packaged, Training training) {}

    /** Options for the training run and for the measured runs, given the file the archive goes to. */
    record Training(String extension, String trainOption, String useOption) {}

    record Cold(double initMs, double firstMs, List<Double> warmMs, Integer maxMemoryMb) {
        double totalMs() {
            return initMs + firstMs;
        }
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("gateway default", "the local gateway's options today: -XX:TieredStopAtLevel=1 "
                    + "-XX:+UseSerialGC and the JDK's default CDS archive, plus the function's own AppCDS archive "
                    + "(target/webchat-local/function-*.jsa), which the gateway writes automatically when a pool "
                    + "closes its JVMs (-XX:+AutoCreateSharedArchive) and maps in every later JVM", false, null),
            new Variant("C2 on", "the same plus -XX:TieredStopAtLevel=4 (full tiered compilation), to show what "
                    + "TieredStopAtLevel=1 gains", false, null),
            new Variant("AOT cache", "a JDK 25 AOT cache per function instead of the AppCDS archive (trained with "
                    + "-XX:AOTCacheOutput on three invocations, used with -XX:AOTCache), classes in a jar",
                    true, new Training("aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=")));

    private final Bench bench;
    private final Report report;
    private final Path work;

    ColdStartBench(Bench bench, Report report) {
        this.bench = bench;
        this.report = report;
        this.work = bench.workDir().resolve("coldstart");
    }

    void run() throws Exception {
        Path ric = bench.projectRoot().resolve("LocalGateway/target/ric");
        LambdaFunction floor = compileFloor(ric);
        deleteTree(work.resolve("packaged"));
        Files.createDirectories(work);
        try (LocalChat chat = bench.startChat(Map.of(), Duration.ZERO)) {
            Map<String, LambdaFunction> functions = new LinkedHashMap<>();
            functions.put(FLOOR, withSharedToolOptions(floor, chat.application().functions().values()));
            chat.application().functions().forEach((id, f) -> functions.put(id, withLocalEndpoints(f, chat)));
            for (LambdaFunction f : functions.values()) {
                deleteArchives(f);
            }
            Map<String, String> events = new LinkedHashMap<>();
            for (String id : functions.keySet()) {
                events.put(id, event(id, chat));
            }
            LambdaConfig base = LambdaConfig.defaults(ric).withExtraEnvironment(environment(chat))
                    .withConsole(bench::log);

            Map<String, Map<String, List<String>>> options = new LinkedHashMap<>();
            Map<String, String> trainingNotes = new LinkedHashMap<>();
            for (Variant variant : VARIANTS) {
                Map<String, List<String>> perFunction = new LinkedHashMap<>();
                for (LambdaFunction f : functions.values()) {
                    perFunction.put(f.logicalId(), optionsFor(variant, runAs(variant, f), base,
                            events.get(f.logicalId()), trainingNotes));
                }
                options.put(variant.name(), perFunction);
            }

            Map<String, Map<String, List<Cold>>> results = new LinkedHashMap<>();
            for (int round = 0; round < bench.coldStarts(); round++) {
                for (Variant variant : VARIANTS) {
                    for (LambdaFunction f : functions.values()) {
                        List<String> jvm = options.get(variant.name()).get(f.logicalId());
                        if (jvm == null) {
                            continue;
                        }
                        Cold cold = coldStart(runAs(variant, f), base.withExtraJvmOptions(jvm),
                                events.get(f.logicalId()));
                        results.computeIfAbsent(variant.name(), v -> new LinkedHashMap<>())
                                .computeIfAbsent(f.logicalId(), id -> new ArrayList<>()).add(cold);
                        String config = variant.name() + " " + f.logicalId();
                        report.sample("coldstart", config, "init_duration", cold.initMs(), "ms");
                        report.sample("coldstart", config, "first_duration", cold.firstMs(), "ms");
                        for (double warm : cold.warmMs()) {
                            report.sample("coldstart", config, "warm_duration", warm, "ms");
                        }
                    }
                }
                bench.say("cold start round " + (round + 1) + " of " + bench.coldStarts() + " done");
            }
            Map<String, ClassLoads.Breakdown> loads = new LinkedHashMap<>();
            for (LambdaFunction f : functions.values()) {
                loads.put(f.logicalId(), classLoads(f, base, events.get(f.logicalId())));
            }
            write(functions, results, trainingNotes, loads);
        }
    }

    /**
     * The SnapStart path per function (section 2b), with the on-demand cold start and the floor of the same run
     * beside it: see {@link SnapStartPath}.
     */
    void runSnapStart() throws Exception {
        Path ric = bench.projectRoot().resolve("LocalGateway/target/ric");
        LambdaFunction floor = compileFloor(ric);
        try (LocalChat chat = bench.startChat(Map.of(), Duration.ZERO);
                DynamoDbClient tableClient = TableCreator.localClient(chat.dynamoDbEndpoint(), "us-east-1")) {
            Map<String, LambdaFunction> functions = new LinkedHashMap<>();
            functions.put(FLOOR, withSharedToolOptions(floor, chat.application().functions().values()));
            // Posts go over TLS, as on AWS (execute-api is https only) and in a local start (the functions post to
            // each event's domainName, the gateway's TLS port): a restored environment's first post makes its first
            // TLS handshake, which the first-invocation figures must include.
            chat.application().functions().forEach((id, f) -> {
                if (bench.snapStartFunctions().isEmpty() || bench.snapStartFunctions().contains(id)) {
                    functions.put(id, withManagementEndpoint(f, chat.secureManagementEndpoint()));
                }
            });
            List<String> unknown = bench.snapStartFunctions().stream()
                    .filter(id -> !chat.application().functions().containsKey(id)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("--snapstart-functions names no function of template.yaml: "
                        + unknown + "; its functions are " + chat.application().functions().keySet());
            }
            Map<String, Supplier<String>> events = new LinkedHashMap<>();
            AtomicReference<String> lastSender = new AtomicReference<>();
            for (String id : functions.keySet()) {
                String event = event(id, chat);
                events.put(id, id.equals("SendMessageFunction") ? () -> fromNewSender(event, chat, tableClient, lastSender)
                        : () -> event);
            }
            new SnapStartPath(bench, report).run(functions, events,
                    LambdaConfig.defaults(ric).withExtraEnvironment(environment(chat))
                            .withExtraJvmOptions(Stream.concat(chat.functionTrustOptions().stream(),
                                    bench.functionJvmOptions().stream()).toList()).withConsole(bench::log));
        }
    }

    /**
     * The sendMessage event from a sender of its own, stored in the connections table as $connect would store it,
     * with the previous bench sender's row deleted first: every invocation, the first after a restore and the warm
     * ones alike, then broadcasts to the same room of one (the sender; the gateway answers its post 410, and a row
     * younger than the prune cutoff is skipped, not deleted), and none meets another one's rate limit window. Until
     * 2026-11-27 the rows piled up (a new one per environment, never pruned): the later environments' broadcasts went
     * to a hundred gone senders and more, so their first invocation opened up to 64 new TLS connections at once
     * where the warm ones reused them, and the figure depended on the order of the run.
     */
    private static String fromNewSender(String event, LocalChat chat, DynamoDbClient dynamoDb,
            AtomicReference<String> lastSender) {
        String connectionId = "snap" + System.nanoTime() + "=";
        String table = chat.application().tables().getFirst().tableName();
        String previous = lastSender.get();
        if (previous != null) {
            dynamoDb.deleteItem(DeleteItemRequest.builder().tableName(table)
                    .key(Map.of("connectionId", AttributeValue.fromS(previous))).build());
        }
        long future = System.currentTimeMillis() + Duration.ofDays(1).toMillis();
        dynamoDb.putItem(PutItemRequest.builder().tableName(table).item(Map.of(
                "connectionId", AttributeValue.fromS(connectionId), "name", AttributeValue.fromS("Bench"),
                "connectedAt", AttributeValue.fromN(Long.toString(future)))).build());
        lastSender.set(connectionId);
        return event.replace("Tq5nXfM9oAMCJcw=", connectionId);
    }

    /** The function as the variant runs it: as built, or with its classes in a jar (target/classes left empty). */
    private LambdaFunction runAs(Variant variant, LambdaFunction f) throws IOException {
        if (!variant.packaged()) {
            return f;
        }
        Path mirror = work.resolve("packaged").resolve(f.logicalId());
        Path dependencies = mirror.resolve("target/dependency");
        if (!Files.exists(dependencies.resolve("0-function.jar"))) {
            Files.createDirectories(mirror.resolve("target/classes"));
            Files.createDirectories(dependencies);
            Path classes = f.codeUri().resolve("target/classes");
            try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(dependencies.resolve(
                    "0-function.jar"))); Stream<Path> walk = Files.walk(classes)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    jar.putNextEntry(new java.util.jar.JarEntry(classes.relativize(file).toString()
                            .replace(File.separatorChar, '/')));
                    Files.copy(file, jar);
                    jar.closeEntry();
                }
            }
            Path deps = f.codeUri().resolve("target/dependency");
            if (Files.isDirectory(deps)) {
                try (Stream<Path> jars = Files.list(deps)) {
                    for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
                        Files.copy(jar, dependencies.resolve(jar.getFileName()));
                    }
                }
            }
        }
        return new LambdaFunction(f.logicalId(), f.functionName(), mirror, f.handler(), f.runtime(),
                f.environment(), f.memoryMb(), f.timeoutSeconds(), f.logFormat(), f.logLevel());
    }

    private List<String> optionsFor(Variant variant, LambdaFunction function, LambdaConfig base, String event,
                                    Map<String, String> notes) throws Exception {
        if (variant.name().equals("C2 on")) {
            return List.of("-XX:TieredStopAtLevel=4");
        }
        if (variant.training() == null) {
            return List.of();
        }
        Training t = variant.training();
        Path archive = work.resolve(function.logicalId() + "." + t.extension());
        Files.deleteIfExists(archive);
        String problem = train(function, base.withExtraJvmOptions(List.of(t.trainOption() + archive)), event,
                archive);
        if (problem != null) {
            notes.put(variant.name() + " " + function.logicalId(), problem);
            bench.say(variant.name() + " for " + function.logicalId() + ": " + problem);
            return null;
        }
        return List.of(t.useOption() + archive);
    }

    /** Runs three invocations with the training option, then stops the JVM with SIGTERM so it writes the archive. */
    private String train(LambdaFunction function, LambdaConfig config, String event, Path archive) throws Exception {
        try (FunctionPool pool = new FunctionPool(Map.of(function.logicalId(), function), config)) {
            for (int i = 0; i < 3; i++) {
                Invocation invocation = pool.invoke(function.logicalId(), event);
                if (invocation.outcome() == Invocation.Outcome.CRASHED) {
                    return "the training JVM failed: " + invocation.payload();
                }
            }
            List<ProcessHandle> jvms = functionJvms(function, archive.toString());
            if (jvms.size() != 1) {
                return "found " + jvms.size() + " training JVMs instead of one";
            }
            ProcessHandle jvm = jvms.getFirst();
            jvm.destroy();
            jvm.onExit().get(120, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(archive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        return Files.exists(archive) ? null : "the training JVM wrote no archive at exit (see bench-console.log)";
    }

    private static List<ProcessHandle> functionJvms(LambdaFunction function, String marker) {
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            return all.filter(p -> p.info().commandLine().map(c -> c.contains(function.handler()) && c.contains(marker))
                    .orElse(false)).toList();
        }
    }

    private Cold coldStart(LambdaFunction function, LambdaConfig config, String event) {
        List<InvocationReport> reports = new CopyOnWriteArrayList<>();
        int warm = bench.quick() ? 5 : 10;
        try (FunctionPool pool = new FunctionPool(Map.of(function.logicalId(), function), config)) {
            pool.addReportListener(reports::add);
            for (int i = 0; i <= warm; i++) {
                Invocation invocation = pool.invoke(function.logicalId(), event);
                if (!invocation.succeeded()) {
                    bench.say(function.logicalId() + " invocation " + i + " ended " + invocation.outcome() + ": "
                            + abbreviate(invocation.payload()));
                }
            }
        }
        if (reports.isEmpty()) {
            return new Cold(Double.NaN, Double.NaN, List.of(), null);
        }
        InvocationReport first = reports.getFirst();
        List<Double> warmMs = reports.stream().skip(1).map(InvocationReport::durationMs).toList();
        Integer memory = reports.stream().map(InvocationReport::maxMemoryMb).filter(m -> m != null)
                .max(Integer::compare).orElse(null);
        return new Cold(first.initDurationMs() == null ? Double.NaN : first.initDurationMs(), first.durationMs(),
                warmMs, memory);
    }

    /** One extra cold start with class-load logging: which classes load during init and during the first call. */
    private ClassLoads.Breakdown classLoads(LambdaFunction function, LambdaConfig base, String event)
            throws IOException {
        Path log = work.resolve(function.logicalId() + "-classes.log");
        Files.deleteIfExists(log);
        Cold cold = coldStart(function, base.withExtraJvmOptions(
                List.of("-Xlog:class+load=info:file=" + log + ":uptime")), event);
        return ClassLoads.read(log, cold.initMs());
    }

    /** Deletes the AppCDS archives the gateway wrote for the function, so the next cold start has none. */
    private void deleteArchives(LambdaFunction function) throws IOException {
        Path dir = function.codeUri().resolve("target/webchat-local");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var archives = Files.newDirectoryStream(dir, "function-*.jsa")) {
            for (Path archive : archives) {
                Files.delete(archive);
                bench.say("deleted " + bench.projectRoot().relativize(archive));
            }
        }
    }

    private LambdaFunction compileFloor(Path ric) throws IOException {
        Path folder = bench.projectRoot().resolve("bench/floor-function");
        Path classes = folder.resolve("target/classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> sources;
        try (Stream<Path> walk = Files.walk(folder.resolve("src/main/java"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        String classPath;
        try (Stream<Path> jars = Files.list(ric)) {
            classPath = String.join(File.pathSeparator, jars.map(Path::toString).toList());
        }
        List<String> args = new ArrayList<>(List.of("--release", "25", "-cp", classPath, "-d", classes.toString()));
        args.addAll(sources);
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IOException("could not compile " + folder);
        }
        return new LambdaFunction(FLOOR, "webchat-bench-" + FLOOR, folder, "webchat.floor.FloorHandler",
                "java25", Map.of(), 512, 10, "JSON", "INFO");
    }

    /**
     * The floor with the {@code JAVA_TOOL_OPTIONS} every template function shares (the template's
     * {@code -XX:+DisableExplicitGC}), so that it runs the JVM the functions run and shows what the runtime adds to
     * theirs. Without it, its first invocation after a restore also paid the entry barriers the runtime's collection
     * arms before the snapshot (bench/results/RESULTS.md, section 2b).
     */
    private static LambdaFunction withSharedToolOptions(LambdaFunction floor, Collection<LambdaFunction> functions) {
        Set<String> shared = null;
        for (LambdaFunction f : functions) {
            Set<String> own = new LinkedHashSet<>();
            for (String option : f.environment().getOrDefault("JAVA_TOOL_OPTIONS", "").trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    own.add(option);
                }
            }
            if (shared == null) {
                shared = own;
            } else {
                shared.retainAll(own);
            }
        }
        if (shared == null || shared.isEmpty()) {
            return floor;
        }
        Map<String, String> env = new LinkedHashMap<>(floor.environment());
        env.put("JAVA_TOOL_OPTIONS", String.join(" ", shared));
        return new LambdaFunction(floor.logicalId(), floor.functionName(), floor.codeUri(), floor.handler(),
                floor.runtime(), env, floor.memoryMb(), floor.timeoutSeconds(), floor.logFormat(), floor.logLevel());
    }

    private static LambdaFunction withLocalEndpoints(LambdaFunction f, LocalChat chat) {
        return withManagementEndpoint(f, chat.managementEndpoint());
    }

    private static LambdaFunction withManagementEndpoint(LambdaFunction f, java.net.URI endpoint) {
        Map<String, String> env = new LinkedHashMap<>(f.environment());
        env.put("MANAGEMENT_ENDPOINT", endpoint.toString());
        return new LambdaFunction(f.logicalId(), f.functionName(), f.codeUri(), f.handler(), f.runtime(), env,
                f.memoryMb(), f.timeoutSeconds(), f.logFormat(), f.logLevel());
    }

    private static Map<String, String> environment(LocalChat chat) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", chat.dynamoDbEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", chat.managementEndpoint().toString());
        return env;
    }

    /** The sample event from events/, pointed at the local gateway so nothing leaves the machine. */
    private String event(String functionId, LocalChat chat) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(bench.projectRoot().resolve("events")
                .resolve(EVENTS.get(functionId)).toFile());
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("domainName", chat.managementEndpoint().getAuthority());
        context.put("stage", "bench");
        return JSON.writeValueAsString(event);
    }

    private void write(Map<String, LambdaFunction> functions, Map<String, Map<String, List<Cold>>> results,
                       Map<String, String> notes, Map<String, ClassLoads.Breakdown> loads) {
        StringBuilder md = new StringBuilder("## 2. Cold start\n\n");
        md.append("Each cold start is a new execution environment (a new JVM with the runtime interface client), "
                + "then " + (bench.quick() ? 5 : 10) + " warm invocations of the same sample event from events/. "
                + "*Init* is the REPORT's Init Duration (JVM start to the runtime's first `/next`), *first* the "
                + "first invocation's Duration; *cold* = init + first. The floor is bench/floor-function, a handler "
                + "that returns at once, run the same way. Times in ms, median (min–max) over "
                + bench.coldStarts() + " cold starts.\n\n");
        Map<String, List<Cold>> defaults = results.getOrDefault(VARIANTS.getFirst().name(), Map.of());
        double floorFirst = first(defaults.get(FLOOR)).map(Cold::totalMs).orElse(Double.NaN);
        double floorCold = stats(later(defaults.get(FLOOR)), Cold::totalMs).median();
        List<List<String>> rows = new ArrayList<>();
        for (String id : functions.keySet()) {
            List<Cold> colds = defaults.get(id);
            List<Cold> archived = later(colds);
            Stats cold = stats(archived, Cold::totalMs);
            double ratio = cold.median() / floorCold;
            Cold round1 = first(colds).orElse(null);
            rows.add(List.of(id,
                    round1 == null ? "not run" : String.format(Locale.ROOT, "%s + %s = %s (%.2fx)",
                            Stats.number(round1.initMs()), Stats.number(round1.firstMs()),
                            Stats.number(round1.totalMs()), round1.totalMs() / floorFirst),
                    stats(archived, Cold::initMs).cell(), stats(archived, Cold::firstMs).cell(), cold.cell(),
                    String.format(Locale.ROOT, "%.2f", ratio),
                    id.equals(FLOOR) ? "floor" : ratio <= 1.5 ? "met" : String.format(Locale.ROOT,
                            "missed by %.0f ms", cold.median() - 1.5 * floorCold),
                    Stats.of(archived.stream().flatMap(c -> c.warmMs().stream()).toList()).cell(),
                    String.valueOf(colds == null ? null : colds.stream().map(Cold::maxMemoryMb)
                            .filter(m -> m != null).max(Integer::compare).orElse(null))));
        }
        md.append("### With the gateway's JVM options\n\n").append("Round 1 is the first cold start after the "
                + "run deleted the function's AppCDS archive (init + first = cold, and its ratio to the floor's "
                + "round 1); the other columns are over rounds 2 to " + bench.coldStarts() + ", which map the "
                + "archive the gateway wrote when round 1's JVM stopped.\n\n")
                .append(Report.table(List.of("function", "round 1: first cold start, no archive yet",
                        "init", "first", "cold", "cold / floor", "target <= 1.5x floor", "warm",
                        "max memory (MB)"), rows)).append('\n');

        md.append("### JVM variants (cold = init + first over rounds 2 to " + bench.coldStarts()
                + "; ratio to the floor of the same variant)\n\n");
        List<String> header = new ArrayList<>(List.of("function"));
        VARIANTS.forEach(v -> header.add(v.name()));
        List<List<String>> variantRows = new ArrayList<>();
        for (String id : functions.keySet()) {
            List<String> row = new ArrayList<>(List.of(id));
            for (Variant v : VARIANTS) {
                Map<String, List<Cold>> byFunction = results.getOrDefault(v.name(), Map.of());
                List<Cold> colds = byFunction.get(id);
                List<Cold> floor = byFunction.get(FLOOR);
                if (colds == null || floor == null) {
                    row.add("not run");
                    continue;
                }
                Stats s = stats(later(colds), Cold::totalMs);
                row.add(s.cell() + String.format(Locale.ROOT, " = %.2fx", s.median()
                        / stats(later(floor), Cold::totalMs).median()));
            }
            variantRows.add(row);
        }
        md.append(Report.table(header, variantRows)).append('\n');
        for (Variant v : VARIANTS) {
            md.append("- **").append(v.name()).append("**: ").append(v.description()).append('\n');
        }
        notes.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));

        md.append("\n### What init is spent on (classes loaded, from one cold start with -Xlog:class+load)\n\n");
        List<List<String>> loadRows = new ArrayList<>();
        for (var entry : loads.entrySet()) {
            loadRows.add(entry.getValue().row(entry.getKey()));
        }
        md.append(Report.table(ClassLoads.Breakdown.HEADER, loadRows));
        report.section(md.toString());
    }

    private static java.util.Optional<Cold> first(List<Cold> colds) {
        return colds == null || colds.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(colds.getFirst());
    }

    /** Rounds 2 and later (all rounds when there is only one). */
    private static List<Cold> later(List<Cold> colds) {
        return colds == null ? List.of() : colds.size() < 2 ? colds : colds.subList(1, colds.size());
    }

    private static Stats stats(List<Cold> colds, java.util.function.ToDoubleFunction<Cold> figure) {
        return colds == null ? Stats.of(new double[0]) : Stats.of(colds.stream().mapToDouble(figure).toArray());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
