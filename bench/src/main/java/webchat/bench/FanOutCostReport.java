package webchat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import webchat.bench.FanOutBench.Point;

/** The Markdown of the fan-out cost section: before/after tables per delay, the capped run, profiles, targets. */
final class FanOutCostReport {

    /** One measured series (see {@link FanOutCost}). */
    record Series(String label, long delayMs, boolean capped, String load, List<Point> points) {
        Point at(int clients) {
            return points.stream().filter(p -> p.clients() == clients).findFirst().orElse(null);
        }
    }

    private static final double TARGET_CPU_PER_POST_MS = 0.2;
    private static final int TARGET_PEAK_MB = 256;
    private static final double TARGET_PROJECTED_MS = 2000;

    private final List<Series> series;
    private final Map<String, StringBuilder> profiles;
    private final int targetN;
    private final long targetDelay;
    private final int targetMemoryMb;

    FanOutCostReport(List<Series> series, Map<String, StringBuilder> profiles, int targetN, long targetDelay,
            int targetMemoryMb) {
        this.series = series;
        this.profiles = profiles;
        this.targetN = targetN;
        this.targetDelay = targetDelay;
        this.targetMemoryMb = targetMemoryMb;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("## 1c. Broadcast cost as Lambda bills it: CPU, memory, GC\n\n");
        md.append("""
                The template's default settings, one `sendMessage` to N live clients (as section 1). *CPU / post* is
                the SendMessage JVM's process CPU time (user + system, all its threads: handler, JIT, GC; from
                /proc/PID/stat, 10 ms ticks) during the invocation, divided by N. *Peak* is the JVM's VmHWM over the
                point's broadcasts (reset through /proc/PID/clear_refs before each point). *GC* is collections x
                stop-the-world ms per broadcast (hsperfdata counters, as jstat reads them). *Projected* is what
                Lambda at 1,024 MB would take: max(handler, N x CPU per post / vCPU), vCPU = 1024 / 1769 = 0.58. *Before* is the baseline commit's
                template and functions, *after* this commit's, run through the same local gateway in this run; the
                ratio is before / after. Medians (min–max) over the repetitions; times in ms.
                """).append('\n');
        md.append(loads()).append('\n');
        for (long delay : List.of(0L, targetDelay)) {
            Series before = find("before", delay, false);
            Series after = find("after", delay, false);
            if (after == null) {
                continue;
            }
            md.append("### ").append(delay).append(" ms per @connections call\n\n");
            List<List<String>> rows = new ArrayList<>();
            for (Point a : after.points()) {
                Point b = before == null ? null : before.at(a.clients());
                rows.add(List.of(Integer.toString(a.clients()),
                        pair(b == null ? null : b.handler(), a.handler()),
                        pair(b == null ? null : b.cpuPerPostMs(), a.cpuPerPostMs())
                                + (b == null ? "" : " (" + Stats.ratio(b.cpuPerPostMs().median(),
                                a.cpuPerPostMs().median()) + ")"),
                        (b == null ? "" : b.maxMemoryMb() + " → ") + a.maxMemoryMb() + " / " + a.memorySizeMb(),
                        (b == null ? "" : gc(b) + " → ") + gc(a),
                        pair(b == null ? null : b.projectedMs(targetMemoryMb), a.projectedMs(targetMemoryMb)),
                        (b == null ? "" : FanOutBench.yes(b.exactlyOnce()) + " → ")
                                + FanOutBench.yes(a.exactlyOnce())));
            }
            md.append(Report.table(List.of("N", "handler", "CPU / post (ms)", "peak / MemorySize (MB)",
                    "GC per broadcast (n x ms)", "projected at 1,024 MB", "every client exactly once"), rows));
            md.append("\nEach cell: before → after.\n\n");
        }
        md.append(capped());
        md.append(profiles());
        md.append(targets());
        return md.toString();
    }

    private String loads() {
        List<List<String>> rows = new ArrayList<>();
        for (Series s : series) {
            rows.add(List.of(s.label() + (s.capped() ? ", CPU capped" : ""), s.delayMs() + " ms", s.load()));
        }
        return "Load average (1 / 5 / 15 min) as each series started:\n\n"
                + Report.table(List.of("series", "delay", "load average"), rows);
    }

    private String capped() {
        Series before = find("before", targetDelay, true);
        Series after = find("after", targetDelay, true);
        if (after == null) {
            return "";
        }
        StringBuilder md = new StringBuilder("### With the CPU held to the Lambda share (`--cpu-cap`)\n\n");
        md.append("Each function JVM in its own cgroup with a CPU quota of MemorySize / 1769 of one CPU "
                + "(webchat.local.lambda.CpuCap), ").append(targetDelay).append(" ms per call: the measured "
                + "handler time beside the projection from the uncapped run above.\n\n");
        Series freeBefore = find("before", targetDelay, false);
        Series freeAfter = find("after", targetDelay, false);
        List<List<String>> rows = new ArrayList<>();
        for (Point a : after.points()) {
            Point b = before == null ? null : before.at(a.clients());
            Point fb = freeBefore == null ? null : freeBefore.at(a.clients());
            Point fa = freeAfter == null ? null : freeAfter.at(a.clients());
            rows.add(List.of(Integer.toString(a.clients()),
                    pair(b == null ? null : b.handler(), a.handler()),
                    pair(fb == null ? null : fb.projectedMs(a.memorySizeMb()),
                            fa == null ? null : fa.projectedMs(a.memorySizeMb())),
                    pair(b == null ? null : b.cpuPerPostMs(), a.cpuPerPostMs()),
                    (b == null ? "" : FanOutBench.yes(b.exactlyOnce()) + " → ") + FanOutBench.yes(a.exactlyOnce())));
        }
        md.append(Report.table(List.of("N", "handler, capped", "projected from the uncapped run",
                "CPU / post, capped (ms)", "every client exactly once"), rows))
                .append("\nEach cell: before → after.\n\n");
        return md.toString();
    }

    private String profiles() {
        if (profiles.isEmpty()) {
            return "";
        }
        Series after = find("after", targetDelay, false);
        int largest = after == null || after.points().isEmpty() ? targetN : after.points().getLast().clients();
        StringBuilder md = new StringBuilder("### Where the CPU goes: N = " + largest + ", " + targetDelay
                + " ms per call (JFR, 2 more broadcasts after the measured ones)\n\n");
        profiles.forEach((label, text) -> md.append("**").append(label).append("**: ").append(text).append('\n'));
        return md.toString();
    }

    private String targets() {
        Series after = find("after", targetDelay, false);
        Point p = after == null ? null : after.at(targetN);
        if (p == null) {
            return "";
        }
        double cpu = p.cpuPerPostMs().median();
        double projected = p.projectedMs(targetMemoryMb).median();
        return String.format(Locale.ROOT, """
                ### Targets (N = %d, %d ms per call, default settings)

                | target | measured | verdict |
                |---|---|---|
                | CPU per post ≤ %.1f ms | %s ms | %s |
                | peak memory ≤ %d MB | %d MB | %s |
                | projected wall time at 1,024 MB ≤ %.0f ms | %s ms | %s |
                | every recipient exactly once | %s | %s |
                """, targetN, targetDelay, TARGET_CPU_PER_POST_MS, Stats.number(cpu),
                verdict(cpu <= TARGET_CPU_PER_POST_MS), TARGET_PEAK_MB, p.maxMemoryMb(),
                verdict(p.maxMemoryMb() > 0 && p.maxMemoryMb() <= TARGET_PEAK_MB), TARGET_PROJECTED_MS,
                Stats.number(projected), verdict(projected <= TARGET_PROJECTED_MS), FanOutBench.yes(p.exactlyOnce()),
                verdict(p.exactlyOnce()));
    }

    private Series find(String label, long delay, boolean capped) {
        return series.stream().filter(s -> s.label().equals(label) && s.delayMs() == delay && s.capped() == capped)
                .findFirst().orElse(null);
    }

    private static String pair(Stats before, Stats after) {
        return (before == null ? "" : before.cell() + " → ") + (after == null ? "n/a" : after.cell());
    }

    private static String gc(Point p) {
        return Stats.number(p.gcCount().median()) + " x " + Stats.number(p.gcPauseMs().median());
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }
}
