package webchat.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a function JVM's CPU goes: a JDK Flight Recorder recording started and stopped from outside with jcmd
 * (settings=profile plus JDK 25's CPU-time sampler, jdk.CPUTimeSample, which samples by CPU time used, virtual
 * threads included), summed up by layer, by method and by allocation site.
 */
final class Profile {

    private static final String NAME = "bench-fanout";
    private static final String OTHER = "other JDK code (collections, strings, locks)";

    /**
     * Layers of a post, by class name prefix. A sample belongs to the layer of the frame nearest its leaf that
     * matches one (StringBuilder.append called by the signer counts as signing), so the shares add up to 100%.
     */
    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("TLS (record encryption, handshakes)", List.of("sun.security.", "com.sun.crypto.", "javax.crypto.",
                "javax.net.ssl."));
        LAYERS.put("socket I/O and the virtual-thread poller", List.of("sun.nio.ch.", "java.net.Socket",
                "sun.nio.", "java.net.InetAddress", "jdk.internal.misc.Blocker"));
        LAYERS.put("HttpURLConnection + url-connection-client", List.of("sun.net.", "java.net.",
                "software.amazon.awssdk.http.urlconnection."));
        LAYERS.put("SigV4 signing", List.of("software.amazon.awssdk.http.auth.", "software.amazon.awssdk.auth.",
                "software.amazon.awssdk.core.internal.http.auth.", "software.amazon.awssdk.identity."));
        LAYERS.put("endpoint resolution", List.of("software.amazon.awssdk.services.apigatewaymanagementapi.endpoints.",
                "software.amazon.awssdk.core.internal.endpoints.", "software.amazon.awssdk.awscore.endpoints.",
                "software.amazon.awssdk.endpoints.", "software.amazon.awssdk.regions."));
        LAYERS.put("checksums", List.of("software.amazon.awssdk.checksums.", "software.amazon.awssdk.core.checksums.",
                "software.amazon.awssdk.core.internal.checksums."));
        LAYERS.put("metrics collection", List.of("software.amazon.awssdk.metrics.",
                "software.amazon.awssdk.core.internal.metrics."));
        LAYERS.put("retries", List.of("software.amazon.awssdk.retries.", "software.amazon.awssdk.core.retry.",
                "software.amazon.awssdk.core.internal.retry.", "software.amazon.awssdk.awscore.retry."));
        LAYERS.put("DynamoDB Scan (the recipient list)", List.of("software.amazon.awssdk.services.dynamodb."));
        LAYERS.put("rest of the SDK (pipeline, interceptors, marshalling, exceptions)",
                List.of("software.amazon.awssdk."));
        LAYERS.put("the function's own code", List.of("webchat."));
        LAYERS.put("Lambda runtime client + JSON", List.of("com.amazonaws.", "com.fasterxml."));
        LAYERS.put("virtual-thread scheduling", List.of("java.lang.VirtualThread", "jdk.internal.vm.Continuation",
                "java.util.concurrent.ForkJoin", "java.lang.Thread."));
    }

    private Profile() {}

    static void start(long pid) {
        FunctionJvms.run(List.of(FunctionJvms.jdkTool("jcmd"), Long.toString(pid), "JFR.start", "name=" + NAME,
                "settings=profile", "jdk.CPUTimeSample#enabled=true", "jdk.CPUTimeSample#throttle=1ms"),
                Duration.ofSeconds(30));
    }

    static void stop(long pid, Path file) {
        FunctionJvms.run(List.of(FunctionJvms.jdkTool("jcmd"), Long.toString(pid), "JFR.stop", "name=" + NAME,
                "filename=" + file.toAbsolutePath()), Duration.ofSeconds(30));
    }

    /** Execution samples by layer and the busiest methods (self), as Markdown lines, and the GC and JIT totals. */
    static String summarize(Path file, int topMethods, int posts) throws IOException {
        String sampleType = hasCpuTimeSamples(file) ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";
        int samples = 0;
        long allocated = 0;
        Map<String, Long> allocations = new TreeMap<>();
        Map<String, Integer> layers = new LinkedHashMap<>();
        LAYERS.keySet().forEach(layer -> layers.put(layer, 0));
        layers.put(OTHER, 0);
        Map<String, Integer> self = new TreeMap<>();
        double gcPauseMs = 0;
        int collections = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            switch (event.getEventType().getName()) {
                case "jdk.CPUTimeSample", "jdk.ExecutionSample" -> {
                    if (!event.getEventType().getName().equals(sampleType)
                            || event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = event.getStackTrace().getFrames();
                    self.merge(name(frames.getFirst()), 1, Integer::sum);
                    layers.merge(layer(frames), 1, Integer::sum);
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = event.getLong("weight");
                    allocated += weight;
                    if (event.getStackTrace() != null) {
                        allocations.merge(firstOutsideJdk(event.getStackTrace().getFrames()), weight, Long::sum);
                    }
                }
                case "jdk.GarbageCollection" -> {
                    collections++;
                    gcPauseMs += event.getDuration("sumOfPauses").toNanos() / 1e6;
                }
                default -> { }
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d %s samples over %d posts; %d collections, %.0f ms of GC pauses; "
                + "about %.1f KB allocated per post (JFR allocation samples).%n%n", samples, sampleType, posts,
                collections, gcPauseMs, allocated / 1024.0 / Math.max(1, posts)));
        int total = Math.max(1, samples);
        md.append("| layer (of the frame nearest the sample's leaf) | share of CPU samples |\n|---|---|\n");
        layers.entrySet().stream().filter(e -> e.getValue() > 0).sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %.0f%% |%n", e.getKey(),
                        100.0 * e.getValue() / total)));
        md.append("\n| busiest methods (self) | share of CPU samples |\n|---|---|\n");
        self.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(topMethods)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %.1f%% |%n", e.getKey(),
                        100.0 * e.getValue() / total)));
        long allocationTotal = Math.max(1, allocated);
        md.append("\n| allocated by (first frame outside the JDK) | share of bytes |\n|---|---|\n");
        allocations.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %.0f%% |%n", e.getKey(),
                        100.0 * e.getValue() / allocationTotal)));
        return md.toString();
    }

    private static boolean hasCpuTimeSamples(Path file) throws IOException {
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                if (recording.readEvent().getEventType().getName().equals("jdk.CPUTimeSample")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String layer(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = name(frame);
            for (Map.Entry<String, List<String>> layer : LAYERS.entrySet()) {
                if (layer.getValue().stream().anyMatch(method::startsWith)) {
                    return layer.getKey();
                }
            }
        }
        return OTHER;
    }

    private static String firstOutsideJdk(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = name(frame);
            if (!method.startsWith("java.") && !method.startsWith("jdk.") && !method.startsWith("sun.")
                    && !method.startsWith("com.sun.")) {
                return method;
            }
        }
        return frames.isEmpty() ? "?" : name(frames.getFirst()) + " (JDK only)";
    }

    private static String name(RecordedFrame frame) {
        var method = frame.getMethod();
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }
}
