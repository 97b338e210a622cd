package webchat.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import webchat.bench.FanOutCostReport.Series;

/**
 * What a broadcast costs as Lambda bills it: the function JVM's CPU time per post, its peak memory, its GC, and the
 * wall time Lambda would need at 1,024 MB, for the current project beside a baseline commit, measured in one run.
 */
final class FanOutCost {

    static final String NAME = "fanout-cost";
    private static final List<Integer> SIZES = List.of(100, 1000, 5000);
    private static final List<Long> DELAYS = List.of(0L, 20L);
    private static final int TARGET_N = 5000;
    private static final long TARGET_DELAY = 20;
    private static final int TARGET_MEMORY_MB = 1024;

    private final Bench bench;
    private final Report report;
    private final FanOutBench engine;

    FanOutCost(Bench bench, Report report) {
        this.bench = bench;
        this.report = report;
        this.engine = new FanOutBench(bench, report);
    }

    void run() throws Exception {
        List<Integer> sizes = SIZES.stream().filter(n -> n <= bench.maxClients()).toList();
        Path baseline = bench.baselineRef() == null ? null : Baseline.prepare(bench, bench.baselineRef());
        Map<String, StringBuilder> profiles = new LinkedHashMap<>();
        List<Series> all = new ArrayList<>();
        for (long delay : DELAYS) {
            if (baseline != null) {
                all.add(series("before", baseline, delay, false, sizes, delay == TARGET_DELAY ? profiles : null));
            }
            all.add(series("after", bench.projectRoot(), delay, false, sizes, delay == TARGET_DELAY ? profiles : null));
        }
        if (bench.cpuCapWanted()) {
            if (baseline != null) {
                all.add(series("before", baseline, TARGET_DELAY, true, sizes, null));
            }
            all.add(series("after", bench.projectRoot(), TARGET_DELAY, true, sizes, null));
        }
        report.section(new FanOutCostReport(all, profiles, TARGET_N, TARGET_DELAY, TARGET_MEMORY_MB).markdown());
    }

    private Series series(String label, Path root, long delay, boolean capped, List<Integer> sizes,
            Map<String, StringBuilder> profiles) throws Exception {
        String load = Machine.loadAverage();
        bench.say(String.format(Locale.ROOT, "fan-out cost: %s, %d ms per call%s (load %s)", label, delay,
                capped ? ", CPU capped to the Lambda share" : "", load));
        bench.capCpu(capped);
        try {
            StringBuilder profile = null;
            if (profiles != null) {
                profile = new StringBuilder();
                profiles.put(label, profile);
            }
            return new Series(label, delay, capped, load, engine.measureSeries(root, delay, 0, sizes, profile));
        } finally {
            bench.capCpu(false);
        }
    }
}
