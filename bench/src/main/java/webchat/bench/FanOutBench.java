package webchat.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import webchat.local.LocalChat;
import webchat.local.lambda.InvocationReport;

/**
 * Broadcast fan-out: N live clients, one sendMessage; the SendMessage handler's duration (its REPORT) and the time
 * until the last client has the message, with and without a simulated @connections latency, against the same
 * handler with BROADCAST_CONCURRENCY=1 (sequential) in the same run, and a sweep of the concurrency.
 */
final class FanOutBench {

    static final String FUNCTION = "SendMessageFunction";
    /** The benchmark name of the default-settings-only scale run (its own section and CSV rows). */
    static final String SCALE = "fanout-scale";
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration IDLE_WINDOW = Duration.ofMillis(500);
    private static final Duration IDLE_LIMIT = Duration.ofSeconds(90);
    private static final List<Integer> SIZES = List.of(10, 100, 1000, 5000);
    private static final List<Integer> SWEEP = List.of(1, 8, 16, 32, 64, 128, 256);
    private static final Duration AWS_LIKE_DELAY = Duration.ofMillis(20);
    /** Sequential broadcasts past this many calls x 20 ms would run into SendMessage's 28 s Timeout. */
    private static final int SEQUENTIAL_LIMIT_AT_20_MS = 1000;

    /** One broadcast's figures. */
    record Sample(double handlerMs, double lastClientMs, Integer maxMemoryMb, int clients, int receivedOnce,
                  int duplicates, int strays, String outcome, FunctionJvms.Counters cost) {
        boolean exactlyOnce() {
            return receivedOnce == clients && duplicates == 0 && strays == 0 && outcome.equals("SUCCESS");
        }

        double cpuMs() {
            return cost == null ? Double.NaN : cost.cpuNanos() / 1e6;
        }
    }

    /** The repetitions at one (delay, concurrency, N). */
    record Point(long delayMs, int concurrency, int clients, List<Sample> samples, int memorySizeMb) {
        Stats handler() {
            return Stats.of(samples.stream().map(Sample::handlerMs).toList());
        }

        Stats lastClient() {
            return Stats.of(samples.stream().map(Sample::lastClientMs).toList());
        }

        boolean exactlyOnce() {
            return !samples.isEmpty() && samples.stream().allMatch(Sample::exactlyOnce);
        }

        int maxMemoryMb() {
            return samples.stream().map(Sample::maxMemoryMb).filter(m -> m != null).mapToInt(Integer::intValue)
                    .max().orElse(-1);
        }

        double idealMs() {
            return Math.ceil((double) clients / concurrency) * delayMs;
        }

        /** The function JVM's CPU time per post: process CPU time during the invocation / N. */
        Stats cpuPerPostMs() {
            return Stats.of(samples.stream().map(s -> s.cpuMs() / clients).toList());
        }

        Stats gcCount() {
            return Stats.of(samples.stream().map(s -> s.cost() == null || s.cost().gcCount() < 0 ? Double.NaN
                    : (double) s.cost().gcCount()).filter(v -> !Double.isNaN(v)).toList());
        }

        Stats gcPauseMs() {
            return Stats.of(samples.stream().map(s -> s.cost() == null ? Double.NaN : s.cost().gcPauseMs())
                    .filter(v -> !Double.isNaN(v)).toList());
        }

        /**
         * The wall time Lambda would need at {@code memoryMb}: the invocation's CPU time cannot run faster than the
         * function's share of a vCPU (MemorySize / 1,769 MB), so max(measured, N x CPU per post / vCPU).
         */
        Stats projectedMs(int memoryMb) {
            return Stats.of(samples.stream().map(s -> Math.max(s.handlerMs(), s.cpuMs() / vcpu(memoryMb))).toList());
        }
    }

    /** Lambda's CPU share at a memory size: 1,769 MB is one vCPU (Lambda docs, "Configure Lambda function memory"). */
    static double vcpu(int memoryMb) {
        return memoryMb / 1769.0;
    }

    private final Bench bench;
    private final Report report;
    private int defaultConcurrency = -1;
    private int broadcasts;

    FanOutBench(Bench bench, Report report) {
        this.bench = bench;
        this.report = report;
    }

    void run() throws Exception {
        List<Integer> sizes = SIZES.stream().filter(n -> n <= bench.maxClients()).toList();
        if (bench.fanoutDefaultOnly()) {
            writeScale(measureSeries(AWS_LIKE_DELAY.toMillis(), 0, sizes));
            return;
        }
        int sweepSize = Math.min(1000, bench.maxClients());
        Map<String, List<Point>> series = new LinkedHashMap<>();
        for (long delay : List.of(0L, AWS_LIKE_DELAY.toMillis())) {
            series.put(key(delay, 0), measureSeries(delay, 0, sizes));
            List<Integer> sequentialSizes = delay == 0 ? sizes
                    : sizes.stream().filter(n -> n <= SEQUENTIAL_LIMIT_AT_20_MS).toList();
            series.put(key(delay, 1), measureSeries(delay, 1, sequentialSizes));
        }
        List<Point> sweep = new ArrayList<>();
        for (int concurrency : bench.quick() ? List.of(1, 16, 64, 128) : SWEEP) {
            Point known = find(series, AWS_LIKE_DELAY.toMillis(), concurrency, sweepSize);
            sweep.add(known != null ? known
                    : measureSeries(AWS_LIKE_DELAY.toMillis(), concurrency, List.of(sweepSize)).getFirst());
        }
        write(series, sweep, sweepSize);
    }

    private Point find(Map<String, List<Point>> series, long delay, int concurrency, int clients) {
        for (List<Point> points : series.values()) {
            for (Point p : points) {
                if (p.delayMs() == delay && p.concurrency() == concurrency && p.clients() == clients) {
                    return p;
                }
            }
        }
        return null;
    }

    /** One chat with the given settings; clients are added between points so each N reuses the smaller N's. */
    private List<Point> measureSeries(long delayMs, int concurrency, List<Integer> sizes) throws Exception {
        return measureSeries(bench.projectRoot(), delayMs, concurrency, sizes, null);
    }

    /**
     * As above, for the project at {@code root} (the current one, or an earlier commit's as the baseline). When
     * {@code profile} is given, the largest N at that delay gets two more broadcasts under JFR after its measured
     * ones; their summary goes to {@code profile}.
     */
    List<Point> measureSeries(java.nio.file.Path root, long delayMs, int concurrency, List<Integer> sizes,
            StringBuilder profile) throws Exception {
        Map<String, String> parameters = concurrency > 0
                ? Map.of("BroadcastConcurrency", Integer.toString(concurrency)) : Map.of();
        List<Point> points = new ArrayList<>();
        try (LocalChat chat = bench.startChat(root, parameters, Duration.ofMillis(delayMs));
             Swarm swarm = new Swarm(chat.webSocketUrl())) {
            var function = chat.application().functions().get(FUNCTION);
            FunctionJvms jvms = new FunctionJvms(function.handler());
            int effective = Integer.parseInt(function.environment().getOrDefault("BROADCAST_CONCURRENCY", "64"));
            if (concurrency == 0) {
                defaultConcurrency = effective;
            }
            BlockingQueue<InvocationReport> reports = new LinkedBlockingQueue<>();
            chat.functions().addReportListener(r -> {
                if (r.functionId().equals(FUNCTION)) {
                    reports.add(r);
                }
            });
            boolean warm = false;
            for (int clients : sizes) {
                long t0 = System.nanoTime();
                swarm.growTo(clients);
                bench.say(String.format("fan-out delay=%d ms concurrency=%d: %d clients connected in %d ms (load %s)",
                        delayMs, effective, clients, (System.nanoTime() - t0) / 1_000_000, Machine.loadAverage()));
                if (!warm) {
                    broadcast(swarm, reports, jvms);
                    warm = true;
                }
                jvms.resetPeakMemory();
                int repetitions = delayMs > 0 && effective == 1 && clients >= 1000
                        ? Math.min(3, bench.repetitions()) : bench.repetitions();
                List<Sample> samples = new ArrayList<>();
                for (int r = 0; r < repetitions; r++) {
                    Sample sample = broadcast(swarm, reports, jvms);
                    samples.add(sample);
                    String config = "delay=" + delayMs + "ms concurrency=" + effective + " N=" + clients
                            + (root.equals(bench.projectRoot()) ? "" : " baseline")
                            + (bench.cpuCap() ? " cpu-cap" : "");
                    report.sample(name(), config, "handler_duration", sample.handlerMs(), "ms");
                    report.sample(name(), config, "last_client", sample.lastClientMs(), "ms");
                    if (sample.maxMemoryMb() != null) {
                        report.sample(name(), config, "max_memory_used", sample.maxMemoryMb(), "MB");
                    }
                    report.sample(name(), config, "cpu_per_post", sample.cpuMs() / clients, "ms");
                    if (sample.cost() != null && sample.cost().gcCount() >= 0) {
                        report.sample(name(), config, "gc_count", sample.cost().gcCount(), "collections");
                        report.sample(name(), config, "gc_pause", sample.cost().gcPauseMs(), "ms");
                    }
                    report.sample(name(), config, "clients_with_exactly_one_copy", sample.receivedOnce(), "clients");
                }
                Point point = new Point(delayMs, effective, clients, samples, function.memoryMb());
                bench.say(String.format("  N=%d handler %s ms, last client %s ms, CPU/post %s ms, peak %d MB, "
                        + "GC %s x %s ms, exactly once: %s", clients, point.handler().cell(),
                        point.lastClient().cell(), point.cpuPerPostMs().cell(), point.maxMemoryMb(),
                        point.gcCount().cell(), point.gcPauseMs().cell(), point.exactlyOnce()));
                points.add(point);
                if (profile != null && clients == sizes.getLast()) {
                    profile.append(profile(swarm, reports, jvms, root));
                }
            }
        }
        return points;
    }

    /**
     * Records every JVM of the function with JFR during two more broadcasts and summarizes the one that did the most
     * work: the environment that served them (a reserve environment waits idle beside it).
     */
    private String profile(Swarm swarm, BlockingQueue<InvocationReport> reports, FunctionJvms jvms,
            java.nio.file.Path root) throws Exception {
        String name = "fanout-" + (root.equals(bench.projectRoot()) ? "current" : "baseline") + "-" + swarm.size();
        List<ProcessHandle> processes = jvms.processes();
        jvms.awaitIdle(IDLE_WINDOW, IDLE_LIMIT);
        Map<Long, Long> cpuBefore = new java.util.HashMap<>();
        for (ProcessHandle p : processes) {
            cpuBefore.put(p.pid(), p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L));
            Profile.start(p.pid());
        }
        for (int i = 0; i < 2; i++) {
            broadcast(swarm, reports, jvms);
        }
        java.nio.file.Path busiest = null;
        long most = -1;
        for (ProcessHandle p : processes) {
            java.nio.file.Path file = bench.workDir().resolve(name + "-" + p.pid() + ".jfr");
            Profile.stop(p.pid(), file);
            long used = p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) - cpuBefore.get(p.pid());
            if (used > most) {
                most = used;
                busiest = file;
            }
        }
        bench.say("  profile of 2 broadcasts to " + swarm.size() + " clients: " + busiest);
        return Profile.summarize(busiest, 12, 2 * swarm.size());
    }

    private Sample broadcast(Swarm swarm, BlockingQueue<InvocationReport> reports, FunctionJvms jvms)
            throws Exception {
        String payload = "fanout-" + UUID.randomUUID();
        Round round = new Round(payload, swarm.size());
        swarm.sink(round);
        reports.clear();
        if (!jvms.awaitIdle(IDLE_WINDOW, IDLE_LIMIT)) {
            bench.say("  (the function's JVMs were still busy after " + IDLE_LIMIT.toSeconds()
                    + " s; measuring anyway)");
        }
        FunctionJvms.Counters before = jvms.read();
        long sent = System.nanoTime();
        // A different sender each time: the server limits how often one connection may send (protocol v2).
        swarm.socket(broadcasts++ % swarm.size())
                .sendText("{\"action\":\"sendMessage\",\"data\":\"" + payload + "\"}", true).join();
        round.all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        InvocationReport invocation = reports.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        FunctionJvms.Counters cost = invocation == null ? null : jvms.read().minus(before);
        Integer peakMb = jvms.peakMemoryMb() < 0 ? null : jvms.peakMemoryMb();
        Thread.sleep(QUIET);
        swarm.sink((c, t, n) -> {});
        if (invocation == null) {
            return new Sample(Double.NaN, Double.NaN, null, swarm.size(), round.once(), round.duplicates.get(),
                    round.strays.get(), "NO_REPORT", null);
        }
        double last = round.last.get() == 0 ? Double.NaN : (round.last.get() - sent) / 1e6;
        return new Sample(invocation.durationMs(), last, peakMb != null ? peakMb : invocation.maxMemoryMb(),
                swarm.size(), round.once(), round.duplicates.get(), round.strays.get(), invocation.outcome().name(),
                cost);
    }

    /**
     * Counts each client's copies of one payload (the bare text, or inside the server's envelope) and the latest
     * first arrival.
     */
    private static final class Round implements Swarm.Sink {
        final String payload;
        final AtomicIntegerArray copies;
        final CountDownLatch all;
        final AtomicLong last = new AtomicLong();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger strays = new AtomicInteger();

        Round(String payload, int clients) {
            this.payload = payload;
            this.copies = new AtomicIntegerArray(clients);
            this.all = new CountDownLatch(clients);
        }

        @Override
        public void received(int client, String text, long arrivedNanos) {
            if (!text.contains(payload) || client >= copies.length()) {
                strays.incrementAndGet();
            } else if (copies.incrementAndGet(client) == 1) {
                last.accumulateAndGet(arrivedNanos, Math::max);
                all.countDown();
            } else {
                duplicates.incrementAndGet();
            }
        }

        int once() {
            int n = 0;
            for (int i = 0; i < copies.length(); i++) {
                n += copies.get(i) == 1 ? 1 : 0;
            }
            return n;
        }
    }

    private String name() {
        return bench.fanoutCost() ? FanOutCost.NAME : bench.fanoutDefaultOnly() ? SCALE : "fanout";
    }

    /** How the default settings scale with N, 20 ms per call; ratios against N = 10 of the same run. */
    private void writeScale(List<Point> points) {
        StringBuilder md = new StringBuilder("## 1b. Broadcast fan-out at scale: default settings, 20 ms per call\n\n");
        md.append("The template's defaults (BroadcastConcurrency=" + defaultConcurrency + ") only, no sequential "
                + "baseline (it would run into the Timeout at this N; see section 1 for the ratios). Columns as in "
                + "section 1; *per client* is the handler median / N.\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (Point p : points) {
            rows.add(List.of(Integer.toString(p.clients()), p.handler().cell(), p.lastClient().cell(),
                    Stats.number(p.idealMs()), Stats.number(p.handler().median() / p.clients()),
                    yes(p.exactlyOnce()), memory(p), cost(p)));
        }
        md.append(Report.table(List.of("N", "handler", "last client", "ideal N x delay / c", "per client",
                "every client exactly once", "max memory used / MemorySize (MB)", COST_HEADER), rows));
        report.section(md.toString());
    }

    private static String key(long delay, int concurrency) {
        return delay + "/" + concurrency;
    }

    private void write(Map<String, List<Point>> series, List<Point> sweep, int sweepSize) {
        StringBuilder md = new StringBuilder("## 1. Broadcast fan-out\n\n");
        md.append("""
                One `sendMessage` from one of N live JDK WebSocket clients through the local gateway. *Handler* is the
                SendMessage REPORT Duration; *last client* is from the sender's frame to the moment the last client
                has the message. *Sequential* is the same handler with `BroadcastConcurrency=1` (what the Java ports
                do), started beside it in this run. *Delay* is the fixed latency the gateway adds to every
                @connections call (AWS's is about 20 ms). Times in ms. The last column is what section 1c reports
                in full for the parallel handler: its JVM's CPU time per post, GC per broadcast and the wall time
                Lambda would need at the function's MemorySize.
                """).append('\n');
        for (long delay : List.of(0L, AWS_LIKE_DELAY.toMillis())) {
            List<Point> parallel = series.get(key(delay, 0));
            List<Point> sequential = series.get(key(delay, 1));
            md.append("### Delay ").append(delay).append(" ms per @connections call\n\n");
            List<List<String>> rows = new ArrayList<>();
            for (Point p : parallel) {
                Point s = sequential.stream().filter(q -> q.clients() == p.clients()).findFirst().orElse(null);
                rows.add(List.of(Integer.toString(p.clients()), p.handler().cell(), p.lastClient().cell(),
                        s == null ? "not run (" + p.clients() + " x " + delay + " ms > Timeout)" : s.handler().cell(),
                        s == null ? "n/a" : s.lastClient().cell(),
                        s == null ? "n/a" : Stats.ratio(s.handler().median(), p.handler().median()),
                        delay == 0 ? "n/a" : Stats.number(p.idealMs()),
                        yes(p.exactlyOnce() && (s == null || s.exactlyOnce())),
                        memory(p), cost(p)));
            }
            int c = parallel.isEmpty() ? defaultConcurrency : parallel.getFirst().concurrency();
            md.append(Report.table(List.of("N", "handler, c=" + c, "last client, c=" + c, "handler, sequential",
                    "last client, sequential", "speed-up", "ideal N x delay / c", "every client exactly once",
                    "max memory used / MemorySize (MB)", COST_HEADER), rows)).append('\n');
        }
        md.append("### Concurrency sweep: N = ").append(sweepSize).append(", 20 ms per call\n\n");
        Point one = sweep.stream().filter(p -> p.concurrency() == 1).findFirst().orElse(null);
        List<List<String>> rows = new ArrayList<>();
        for (Point p : sweep) {
            rows.add(List.of(Integer.toString(p.concurrency()), p.handler().cell(), p.lastClient().cell(),
                    Stats.number(p.idealMs()), one == null ? "n/a" : Stats.ratio(one.handler().median(),
                            p.handler().median()),
                    String.format(java.util.Locale.ROOT, "%.0f%%", 100 * p.idealMs() / p.handler().median()),
                    yes(p.exactlyOnce()), memory(p), cost(p)));
        }
        md.append(Report.table(List.of("concurrency", "handler", "last client", "ideal", "speed-up vs 1",
                "ideal / measured", "exactly once", "max memory / MemorySize (MB)", COST_HEADER), rows))
                .append('\n');
        md.append(verdict(series, sweep));
        report.section(md.toString());
    }

    private String verdict(Map<String, List<Point>> series, List<Point> sweep) {
        StringBuilder md = new StringBuilder("### Target and choice of the default\n\n");
        Point target = find(series, AWS_LIKE_DELAY.toMillis(), defaultConcurrency, 1000);
        Point baseline = find(series, AWS_LIKE_DELAY.toMillis(), 1, 1000);
        if (target != null && baseline != null) {
            double ms = target.handler().median();
            double speedUp = baseline.handler().median() / ms;
            md.append(String.format(java.util.Locale.ROOT,
                    "- Target (20 ms per call, N = 1000, default concurrency %d): handler median %.0f ms "
                            + "(target < 1000 ms: %s), %.1fx faster than sequential (target >= 20x: %s), every "
                            + "client exactly once: %s, max memory used %d MB of %d MB: %s.%n",
                    defaultConcurrency, ms, ms < 1000 ? "met" : "missed by " + Math.round(ms - 1000) + " ms",
                    speedUp, speedUp >= 20 ? "met" : "missed", yes(target.exactlyOnce() && baseline.exactlyOnce()),
                    target.maxMemoryMb(), target.memorySizeMb(),
                    target.maxMemoryMb() <= target.memorySizeMb() ? "within" : "OVER"));
        }
        Point best = sweep.stream().min((a, b) -> Double.compare(a.handler().median(), b.handler().median()))
                .orElse(null);
        if (best != null) {
            Point smallestNearBest = sweep.stream()
                    .filter(p -> p.handler().median() <= best.handler().median() * 1.10)
                    .min((a, b) -> Integer.compare(a.concurrency(), b.concurrency())).orElse(best);
            md.append(String.format(java.util.Locale.ROOT,
                    "- Fastest in the sweep: concurrency %d (%.0f ms); the smallest concurrency within 10%% of it: "
                            + "%d (%.0f ms).%n", best.concurrency(), best.handler().median(),
                    smallestNearBest.concurrency(), smallestNearBest.handler().median()));
        }
        return md.toString();
    }

    /** The cost columns of section 1c, in one cell, for every row of the other fan-out tables. */
    private static final String COST_HEADER = "CPU / post (ms); GC n x ms; projected at MemorySize (ms)";

    private static String cost(Point p) {
        return p.cpuPerPostMs().cell() + "; " + Stats.number(p.gcCount().median()) + " x "
                + Stats.number(p.gcPauseMs().median()) + "; " + p.projectedMs(p.memorySizeMb()).cell();
    }

    private static String memory(Point p) {
        return (p.maxMemoryMb() < 0 ? "n/a" : Integer.toString(p.maxMemoryMb())) + " / " + p.memorySizeMb();
    }

    static String yes(boolean value) {
        return value ? "yes" : "NO";
    }
}
