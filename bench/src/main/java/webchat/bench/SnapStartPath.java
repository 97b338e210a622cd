package webchat.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import webchat.local.lambda.FunctionPool;
import webchat.local.lambda.Invocation;
import webchat.local.lambda.InvocationReport;
import webchat.local.lambda.LambdaConfig;
import webchat.local.lambda.PublishedVersion;
import webchat.local.template.LambdaFunction;

/**
 * The SnapStart path per function, beside the on-demand cold start and the floor measured in the same run: a
 * version is published (init + beforeCheckpoint, with and without the function's priming hook), then its first
 * invocation restores it and runs; the warm invocations that follow are the baseline of the target (first invocation
 * after restore within 2x warm). Unprimed runs start the JVM with an org.crac.Core.Compat that names no
 * implementation, so org.crac registers no hook while the runtime's SnapStart lifecycle stays the same.
 */
final class SnapStartPath {

    enum Mode { ON_DEMAND, UNPRIMED, PRIMED }

    /** One execution environment's life: init (or publish), restore (SnapStart), first and warm Durations. */
    record Sample(double initMs, double restoreMs, double firstMs, List<Double> warmMs) {
        /** What a caller waits for on the environment's first invocation: init or restore, plus first. */
        double coldMs() {
            return (Double.isNaN(restoreMs) ? initMs : restoreMs) + firstMs;
        }
    }

    private static final String NO_HOOKS = "-Dorg.crac.Core.Compat=webchat.bench.no.hooks";

    private final Bench bench;
    private final Report report;

    SnapStartPath(Bench bench, Report report) {
        this.bench = bench;
        this.report = report;
    }

    /** Measures every function in every mode, {@code rounds} times, and writes section 2b. */
    void run(Map<String, LambdaFunction> functions, Map<String, Supplier<String>> events, LambdaConfig base) {
        Map<String, Map<Mode, List<Sample>>> results = new LinkedHashMap<>();
        for (int round = 0; round < bench.coldStarts(); round++) {
            for (LambdaFunction f : functions.values()) {
                for (Mode mode : Mode.values()) {
                    Sample sample = measure(f, mode, base, events.get(f.logicalId()));
                    results.computeIfAbsent(f.logicalId(), id -> new LinkedHashMap<>())
                            .computeIfAbsent(mode, m -> new ArrayList<>()).add(sample);
                    String config = "snapstart " + mode.name().toLowerCase(Locale.ROOT) + " " + f.logicalId();
                    report.sample("snapstart", config, "init_duration", sample.initMs(), "ms");
                    report.sample("snapstart", config, "restore_duration", sample.restoreMs(), "ms");
                    report.sample("snapstart", config, "first_duration", sample.firstMs(), "ms");
                    sample.warmMs().forEach(w -> report.sample("snapstart", config, "warm_duration", w, "ms"));
                }
            }
            bench.say("SnapStart round " + (round + 1) + " of " + bench.coldStarts() + " done");
        }
        report.section(markdown(results));
    }

    /** One environment: publish (SnapStart modes), then the first and the warm invocations, each with its own event. */
    private Sample measure(LambdaFunction function, Mode mode, LambdaConfig base, Supplier<String> events) {
        LambdaFunction f = function.withSnapStart(mode != Mode.ON_DEMAND);
        List<String> options = new ArrayList<>(base.extraJvmOptions());
        if (mode == Mode.UNPRIMED) {
            options.add(NO_HOOKS);
        }
        // One environment: no second one is prepared in reserve while the warm invocations are measured.
        LambdaConfig config = base.withExtraJvmOptions(options).withMaxEnvironmentsPerFunction(1);
        List<InvocationReport> reports = new CopyOnWriteArrayList<>();
        int warm = bench.quick() ? 5 : 10;
        double initMs = Double.NaN;
        try (FunctionPool pool = new FunctionPool(Map.of(f.logicalId(), f), config)) {
            pool.addReportListener(reports::add);
            if (mode != Mode.ON_DEMAND) {
                PublishedVersion version = pool.publishVersions().getFirst();
                if (!version.published()) {
                    bench.say(f.logicalId() + " " + mode + ": " + version.error());
                    return new Sample(Double.NaN, Double.NaN, Double.NaN, List.of());
                }
                initMs = version.initDurationMs();
            }
            for (int i = 0; i <= warm; i++) {
                Invocation invocation = pool.invoke(f.logicalId(), events.get());
                if (!invocation.succeeded()) {
                    bench.say(f.logicalId() + " " + mode + " invocation " + i + " ended " + invocation.outcome());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reports.isEmpty()) {
            return new Sample(initMs, Double.NaN, Double.NaN, List.of());
        }
        InvocationReport first = reports.getFirst();
        if (mode == Mode.ON_DEMAND && first.initDurationMs() != null) {
            initMs = first.initDurationMs();
        }
        return new Sample(initMs, first.restoreDurationMs() == null ? Double.NaN : first.restoreDurationMs(),
                first.durationMs(), reports.stream().skip(1).map(InvocationReport::durationMs).toList());
    }

    private String markdown(Map<String, Map<Mode, List<Sample>>> results) {
        StringBuilder md = new StringBuilder("## 2b. Cold start with SnapStart and priming\n\n");
        md.append("Per function, in one run: the on-demand cold start (a JVM started on the request path, C1 only, "
                + "as java25 runs a function without SnapStart), and the SnapStart path as the local gateway emulates "
                + "it (default tiered compilation, as java25 runs SnapStart functions): *init* is the published "
                + "version's Init Duration (JVM start, handler constructor and beforeCheckpoint hooks, run when the "
                + "version is published), *restore* the first invocation's Restore Duration (afterRestore hooks and "
                + "the runtime resuming), *first* its Duration; *unprimed* starts the same JVM with no hook "
                + "registered. The functions post to the gateway's @connections over TLS (https, with the gateway's "
                + "certificate trusted), as they reach execute-api on AWS; DynamoDB (dynalite) is plain HTTP. Locally the snapshot is not emulated (a restored environment is the very process that "
                + "ran init), so restore here lacks Lambda's snapshot loading. Times in ms, median (min–max) over "
                + bench.coldStarts() + " environments; warm = the " + (bench.quick() ? 5 : 10) + " invocations after "
                + "the first.\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (var entry : results.entrySet()) {
            Map<Mode, List<Sample>> modes = entry.getValue();
            List<Sample> onDemand = modes.get(Mode.ON_DEMAND);
            List<Sample> unprimed = modes.get(Mode.UNPRIMED);
            List<Sample> primed = modes.get(Mode.PRIMED);
            Stats warm = Stats.of(primed.stream().flatMap(s -> s.warmMs().stream()).toList());
            Stats primedCold = stats(primed, Sample::coldMs);
            double ratio = stats(primed, Sample::firstMs).median() / warm.median();
            rows.add(List.of(entry.getKey(),
                    stats(onDemand, Sample::initMs).cell() + " + " + stats(onDemand, Sample::firstMs).cell(),
                    stats(unprimed, Sample::initMs).cell(),
                    stats(unprimed, Sample::restoreMs).cell() + " + " + stats(unprimed, Sample::firstMs).cell(),
                    stats(primed, Sample::initMs).cell(),
                    stats(primed, Sample::restoreMs).cell() + " + " + stats(primed, Sample::firstMs).cell(),
                    warm.cell(),
                    String.format(Locale.ROOT, "%.2fx %s", ratio, ratio <= 2 ? "met" : "missed"),
                    Stats.number(stats(primed, Sample::initMs).median() - stats(unprimed, Sample::initMs).median()),
                    Stats.number(stats(unprimed, Sample::coldMs).median() - primedCold.median())));
        }
        md.append(Report.table(List.of("function", "on-demand: init + first", "unprimed: init",
                "unprimed: restore + first", "primed: init", "primed: restore + first", "warm (primed)",
                "first / warm (target <= 2x)", "priming costs at init", "priming saves per restore"), rows));
        md.append("""

                - *priming costs at init* = primed init − unprimed init (the priming invocations in
                  beforeCheckpoint, paid once per published version); *priming saves per restore* = unprimed
                  (restore + first) − primed (restore + first), saved by every environment restored from the snapshot.
                - The floor (a handler that returns at once) shows what the restored runtime itself adds to a first
                  invocation (the runtime client's per-invocation classes in a process idle since init).
                """);
        return md.toString();
    }

    private static Stats stats(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> figure) {
        return Stats.of(samples == null ? new double[0] : samples.stream().mapToDouble(figure).toArray());
    }
}
