package webchat.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import webchat.local.LocalChat;

/**
 * Sustained chat load: C clients each send M unique messages at a fixed rate through the gateway; every client
 * should receive every message exactly once. Deliveries per second, end-to-end latency percentiles, and the counts
 * that prove nothing was lost or duplicated.
 */
final class LoadBench {

    private static final Duration DRAIN = Duration.ofSeconds(60);

    private final Bench bench;
    private final Report report;

    LoadBench(Bench bench, Report report) {
        this.bench = bench;
        this.report = report;
    }

    void run() throws Exception {
        int clients = bench.loadClients();
        int messages = bench.loadMessages();
        double rate = bench.loadRate();
        long expected = (long) clients * clients * messages;
        Tally tally = new Tally(clients, expected);
        long firstSent;
        long sendsFailed;
        Map<String, String> parameters = Map.of("SendRateLimit", Integer.toString(sendRateLimit(messages)));
        try (LocalChat chat = bench.startChat(parameters, Duration.ZERO); Swarm swarm = new Swarm(chat.webSocketUrl())) {
            swarm.growTo(clients);
            warmUp(swarm);
            swarm.sink(tally);
            AtomicLong failed = new AtomicLong();
            firstSent = System.nanoTime();
            try (ScheduledExecutorService senders = Executors.newScheduledThreadPool(2)) {
                long periodNanos = (long) (1e9 / rate);
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    AtomicInteger sent = new AtomicInteger();
                    long offset = periodNanos * c / clients;
                    Runnable send = () -> {
                        int seq = sent.getAndIncrement();
                        if (seq >= messages) {
                            return;
                        }
                        String payload = "load-" + client + "-" + seq + "-" + System.nanoTime();
                        swarm.socket(client).sendText(Swarm.sendMessage(payload, payload), true).exceptionally(e -> {
                                    failed.incrementAndGet();
                                    return null;
                                });
                    };
                    for (int m = 0; m < messages; m++) {
                        senders.schedule(send, offset + m * periodNanos, TimeUnit.NANOSECONDS);
                    }
                }
                long sendWindow = (long) (messages / rate * 1e9);
                tally.done.await(sendWindow / 1_000_000 + DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            }
            Thread.sleep(500);
            swarm.sink((c, t, n) -> {});
            sendsFailed = failed.get();
        }
        write(clients, messages, rate, expected, tally, firstSent, sendsFailed);
    }

    /**
     * The load measures delivery, not the send limit: the limit is raised to what one client sends in the whole run
     * (at least the template's default, 10), so every message still pays for the limit's conditional UpdateItem but
     * none is refused. (At the default 2/s, 20 messages would otherwise meet RATE_LIMITED after the 10th.)
     */
    static int sendRateLimit(int messagesPerClient) {
        return Math.max(10, messagesPerClient + 1);
    }

    /** One unmeasured broadcast so that the measured run starts with warm function JVMs. */
    private static void warmUp(Swarm swarm) throws InterruptedException {
        CountDownLatch all = new CountDownLatch(swarm.size());
        swarm.sink((c, t, n) -> all.countDown());
        swarm.socket(0).sendText(Swarm.sendMessage("warm-up", "warm-up"), true).join();
        all.await(60, TimeUnit.SECONDS);
    }

    private void write(int clients, int messages, double rate, long expected, Tally tally, long firstSent,
                       long sendsFailed) {
        double[] latencies = tally.latenciesMs.stream().mapToDouble(Double::doubleValue).toArray();
        java.util.Arrays.sort(latencies);
        double seconds = (tally.lastArrival.get() - firstSent) / 1e9;
        long unique = tally.unique.get();
        long lost = expected - unique;
        double perSecond = unique / seconds;
        String config = clients + " clients x " + messages + " messages at " + rate + "/s";
        report.sample("load", config, "deliveries_per_second", perSecond, "1/s");
        report.sample("load", config, "latency_p50", Stats.percentile(latencies, 0.50), "ms");
        report.sample("load", config, "latency_p95", Stats.percentile(latencies, 0.95), "ms");
        report.sample("load", config, "latency_p99", Stats.percentile(latencies, 0.99), "ms");
        report.sample("load", config, "lost", lost, "deliveries");
        report.sample("load", config, "duplicated", tally.duplicates.get(), "deliveries");
        bench.say(String.format(Locale.ROOT, "load: %d of %d delivered once, %d duplicates, %.0f deliveries/s",
                unique, expected, tally.duplicates.get(), perSecond));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(Integer.toString(clients), Integer.toString(messages), Stats.number(rate),
                Long.toString((long) clients * messages), Long.toString(expected), Long.toString(unique),
                Long.toString(lost), Long.toString(tally.duplicates.get()), Long.toString(tally.strays.get()),
                Long.toString(sendsFailed), Stats.number(perSecond),
                Stats.number(Stats.percentile(latencies, 0.50)), Stats.number(Stats.percentile(latencies, 0.95)),
                Stats.number(Stats.percentile(latencies, 0.99)), Stats.number(latencies.length == 0 ? Double.NaN
                        : latencies[latencies.length - 1])));
        report.section("## 4. Sustained chat load\n\n"
                + "C clients each send M unique messages at a fixed rate (staggered), default settings except "
                + "SendRateLimit = M + 1 (the limit is checked on every message, none is refused), no management delay. Every client, the sender included, must receive every message exactly once: "
                + "expected deliveries = C x C x M. Latency is from the sender's frame to each receiver's arrival "
                + "(ms); deliveries/s counts over the whole run, from the first send to the last arrival.\n\n"
                + Report.table(List.of("C", "M", "rate/client (1/s)", "messages", "expected deliveries",
                "delivered once", "lost", "duplicated", "other frames", "send errors", "deliveries/s", "p50",
                "p95", "p99", "max"), rows));
    }

    /** Counts every (receiver, message) pair and each delivery's latency from the send time in the payload. */
    private static final class Tally implements Swarm.Sink {
        final Map<String, Boolean> seen = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Double> latenciesMs = new ConcurrentLinkedQueue<>();
        final AtomicLong unique = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong strays = new AtomicLong();
        final AtomicLong lastArrival = new AtomicLong();
        final CountDownLatch done;

        Tally(int clients, long expected) {
            this.done = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, expected));
        }

        @Override
        public void received(int client, String text, long arrivedNanos) {
            if (!text.startsWith("load-")) {
                strays.incrementAndGet();
                return;
            }
            if (seen.putIfAbsent(client + "/" + text, Boolean.TRUE) != null) {
                duplicates.incrementAndGet();
                return;
            }
            long sent = Long.parseLong(text.substring(text.lastIndexOf('-') + 1));
            latenciesMs.add((arrivedNanos - sent) / 1e6);
            unique.incrementAndGet();
            lastArrival.accumulateAndGet(arrivedNanos, Math::max);
            done.countDown();
        }
    }
}
