package webchat.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import webchat.local.LocalChat;
import webchat.local.LocalChatOptions;

/** Runs the benchmarks against the local gateway and writes bench/results/RESULTS.md and results.csv. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: broadcast fan-out, cold start, deployment package size, sustained load.")
public final class Bench implements Callable<Integer> {

    static final List<String> ALL = List.of("fanout", "coldstart", "snapstart", "size", "load");
    /** The local gateway's switch for {@code webchat.local.lambda.CpuCap}. */
    private static final String CPU_CAP_PROPERTY = "webchat.cpuCap";

    @Option(names = "--project-root", description = "The folder holding template.yaml (default: current folder).")
    Path projectRoot = Path.of(".");

    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "Run only these benchmarks: fanout, coldstart, snapstart, size, load (comma-separated).")
    List<String> only = new ArrayList<>(ALL);

    @Option(names = "--quick", description = "Fewer clients and repetitions: a check in a few minutes, not a result.")
    boolean quick;

    @Option(names = "--max-clients", description = "Largest fan-out (default 5000; 1000 with --quick).")
    Integer maxClients;

    @Option(names = "--repetitions", description = "Broadcasts per fan-out point (default 5; 2 with --quick).")
    Integer repetitions;

    @Option(names = "--fanout-default-only", description = "Fan-out with the template's default settings and 20 ms "
            + "per call only, up to --max-clients: the scale check, written as its own section beside the full one.")
    boolean fanoutDefaultOnly;

    @Option(names = "--fanout-cost", description = "Fan-out cost as Lambda bills it (CPU per post, peak memory, GC, "
            + "projected Lambda time) at N = 100, 1000, 5000 and 0 / 20 ms per call, with JFR profiles at the "
            + "largest N, beside --baseline-ref when given: its own section.")
    boolean fanoutCost;

    @Option(names = "--baseline-ref", paramLabel = "COMMIT", description = "With --fanout-cost: also measure the "
            + "project as it was at this git commit (exported to bench/target/baseline-COMMIT and built there).")
    String baselineRef;

    @Option(names = "--cpu-cap", description = "Also measure with each function JVM held to its Lambda CPU share "
            + "(MemorySize / 1769 MB of a vCPU) by a cgroup, where the machine allows it.")
    boolean cpuCap;

    @Option(names = "--cold-starts", description = "Cold starts per function and JVM variant (default 5; 2 with --quick).")
    Integer coldStarts;

    @Option(names = "--load-clients", description = "Clients of the sustained-load run (default 50).")
    int loadClients = 50;

    @Option(names = "--load-messages", description = "Messages each load client sends (default 20; 5 with --quick).")
    Integer loadMessages;

    @Option(names = "--load-rate", description = "Messages per second each load client sends (default 2).")
    double loadRate = 2;

    @Option(names = "--snapstart-functions", split = ",", paramLabel = "ID", description = "With snapstart: measure "
            + "only these functions (logical ids, comma-separated; the floor is always measured), e.g. to look at one "
            + "function's first invocation without waiting for the others.")
    List<String> snapStartFunctions = new ArrayList<>();

    @Option(names = "--function-jvm-option", paramLabel = "OPTION", description = "With snapstart: one more option "
            + "for every function JVM (repeatable), e.g. -Xlog:class+load:file=/tmp/cl-%%p.log:uptime to see what a "
            + "restored environment loads.")
    List<String> functionJvmOptions = new ArrayList<>();

    @Option(names = "--results", description = "Where RESULTS.md and results.csv go (default: bench/results).")
    Path results;

    private BufferedWriter consoleLog;
    private String commandLine;

    public static void main(String[] args) {
        Bench bench = new Bench();
        bench.commandLine = "./webchat bench" + (args.length == 0 ? "" : " " + String.join(" ", stripRoot(args)));
        System.exit(new CommandLine(bench).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        projectRoot = projectRoot.toAbsolutePath().normalize();
        Set<String> selected = new LinkedHashSet<>(only);
        selected.removeAll(ALL);
        if (!selected.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "Unknown benchmark(s) " + selected + "; choose from " + ALL);
        }
        Path out = results != null ? results : projectRoot.resolve("bench/results");
        Path target = projectRoot.resolve("bench/target");
        Files.createDirectories(target);
        Report report = new Report();
        Instant started = Instant.now();
        String loadAtStart = Machine.loadAverage();
        try (BufferedWriter log = Files.newBufferedWriter(target.resolve("bench-console.log"), StandardCharsets.UTF_8)) {
            consoleLog = log;
            for (String name : ALL) {
                if (only.contains(name)) {
                    say("running " + name + (quick ? " (quick)" : ""));
                    long t0 = System.nanoTime();
                    run(name, report);
                    say(name + " took " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
                }
            }
            Set<String> ran = new LinkedHashSet<>(only);
            if (fanoutDefaultOnly && ran.remove("fanout")) {
                ran.add(FanOutBench.SCALE);
            }
            if (fanoutCost && ran.remove("fanout")) {
                ran.add(FanOutCost.NAME);
            }
            long seconds = Duration.between(started, Instant.now()).toSeconds();
            report.write(out, preamble(), ran, ("Measured by `%s` at %s (%s s; load average %s at the start, %s at "
                    + "the end).").formatted(commandLine, started, seconds, loadAtStart, Machine.loadAverage()));
            say("wrote " + out.resolve("RESULTS.md") + " and " + out.resolve("results.csv"));
        } finally {
            synchronized (this) {
                consoleLog = null;
            }
        }
        return 0;
    }

    private void run(String name, Report report) throws Exception {
        switch (name) {
            case "fanout" -> {
                if (fanoutCost) {
                    new FanOutCost(this, report).run();
                } else {
                    new FanOutBench(this, report).run();
                }
            }
            case "coldstart" -> new ColdStartBench(this, report).run();
            case "snapstart" -> new ColdStartBench(this, report).runSnapStart();
            case "size" -> new PackageSizeBench(this, report).run();
            case "load" -> new LoadBench(this, report).run();
            default -> throw new IllegalArgumentException(name);
        }
    }

    /** Starts the whole chat on free ports with the template's parameters overridden and a management delay. */
    LocalChat startChat(Map<String, String> parameters, Duration managementDelay) throws Exception {
        return startChat(projectRoot, parameters, managementDelay);
    }

    /** The same for the project at {@code root} (the baseline's), with this project's local gateway. */
    LocalChat startChat(Path root, Map<String, String> parameters, Duration managementDelay) throws Exception {
        return LocalChat.start(LocalChatOptions.builder(root).port(0).stage("bench")
                .parameterOverrides(parameters).managementDelay(managementDelay).console(this::log).build());
    }

    Path projectRoot() {
        return projectRoot;
    }

    Path workDir() {
        return projectRoot.resolve("bench/target");
    }

    boolean quick() {
        return quick;
    }

    int maxClients() {
        return maxClients != null ? maxClients : quick ? 1000 : 5000;
    }

    boolean fanoutDefaultOnly() {
        return fanoutDefaultOnly;
    }

    boolean fanoutCost() {
        return fanoutCost;
    }

    String baselineRef() {
        return baselineRef;
    }

    /** True while the function JVMs being started are held to their Lambda CPU share. */
    boolean cpuCap() {
        return "lambda".equals(System.getProperty(CPU_CAP_PROPERTY));
    }

    boolean cpuCapWanted() {
        return cpuCap;
    }

    /** Caps (or stops capping) the function JVMs started from now on: the local gateway reads this property. */
    void capCpu(boolean on) {
        if (on) {
            System.setProperty(CPU_CAP_PROPERTY, "lambda");
        } else {
            System.clearProperty(CPU_CAP_PROPERTY);
        }
    }

    int repetitions() {
        return repetitions != null ? repetitions : quick ? 2 : 5;
    }

    /** The functions the SnapStart section measures besides the floor; empty = all. */
    List<String> snapStartFunctions() {
        return snapStartFunctions;
    }

    List<String> functionJvmOptions() {
        return functionJvmOptions;
    }

    int coldStarts() {
        return coldStarts != null ? coldStarts : quick ? 2 : 5;
    }

    int loadClients() {
        return loadClients;
    }

    int loadMessages() {
        return loadMessages != null ? loadMessages : quick ? 5 : 20;
    }

    double loadRate() {
        return loadRate;
    }

    /** Progress for the person running the bench. */
    void say(String line) {
        System.out.println("bench: " + line);
        log("bench: " + line);
    }

    /** Everything the chat prints (function logs, REPORT lines) goes to bench/target/bench-console.log. */
    synchronized void log(String line) {
        try {
            if (consoleLog != null) {
                consoleLog.write(line);
                consoleLog.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String preamble() {
        return """
                # Benchmark results

                Each section names the command that measured it; sections from separate `--only` runs are merged here.
                All figures of one table come from one run on this one machine: medians with (min–max) over the
                repetitions, ratios against the baseline measured beside them in the same run. The load average
                (1, 5, 15 minutes) is noted because the machine is shared. Raw samples: [results.csv](results.csv).

                %s
                """.formatted(Machine.describe());
    }

    private static List<String> stripRoot(String[] args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--project-root")) {
                i++;
            } else if (!args[i].startsWith("--project-root=")) {
                kept.add(args[i]);
            }
        }
        return kept;
    }
}
