package webchat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One function's JVMs seen from outside, as Lambda bills them: process CPU time (user + system, every thread: the
 * handler's, the JIT's, the GC's), peak resident memory (VmHWM) and the GC counters. The bench finds them among its
 * own descendants (the local gateway runs in the bench's JVM) by the handler on their command line.
 */
final class FunctionJvms {

    /** The counters of all the function's JVMs at one moment. */
    record Counters(long cpuNanos, long gcCount, double gcPauseMs) {
        /** A GC count below zero (and a NaN pause time) means the counters could not be read. */
        Counters minus(Counters earlier) {
            boolean known = gcCount >= 0 && earlier.gcCount >= 0;
            return new Counters(cpuNanos - earlier.cpuNanos, known ? gcCount - earlier.gcCount : -1,
                    known ? gcPauseMs - earlier.gcPauseMs : Double.NaN);
        }
    }

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final String handler;

    FunctionJvms(String handler) {
        this.handler = handler;
    }

    List<ProcessHandle> processes() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(args -> Arrays.asList(args).contains(handler)).orElse(false))
                .toList();
    }

    /**
     * Waits until none of the function's JVMs is using CPU (no tick over {@code window}), at most {@code limit}: a
     * reserve environment the gateway prepares in the background after a restore runs its own init and priming, which
     * is no part of a broadcast (on Lambda a restore costs the function nothing of the kind), and would otherwise be
     * counted as the broadcast's CPU.
     *
     * @return false when the JVMs were still busy at the limit
     */
    boolean awaitIdle(Duration window, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long cpu = read().cpuNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(window);
            long now = read().cpuNanos();
            if (now == cpu) {
                return true;
            }
            cpu = now;
        }
        return false;
    }

    /** CPU time from /proc/PID/stat (clock ticks, 10 ms here) and the GC counters, summed over the JVMs. */
    Counters read() {
        long cpu = 0;
        long gcCount = 0;
        double gcMs = 0;
        for (ProcessHandle p : processes()) {
            cpu += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            long[] gc = gcOf(p.pid());
            if (gc == null || gcCount < 0) {
                gcCount = -1;
                gcMs = Double.NaN;
            } else {
                gcCount += gc[0];
                gcMs += gc[1] / 1e3;
            }
        }
        return new Counters(cpu, gcCount, gcMs);
    }

    /**
     * Starts a new peak for Max Memory Used: writing 5 to /proc/PID/clear_refs resets VmHWM to the current RSS
     * (Linux 4.0+, see proc(5)), so each fan-out point gets its own peak, not the largest of the JVM's life so far.
     */
    void resetPeakMemory() {
        for (ProcessHandle p : processes()) {
            try {
                Files.writeString(Path.of("/proc", Long.toString(p.pid()), "clear_refs"), "5");
            } catch (IOException e) {
                // the peak then covers earlier points too; still an upper bound
            }
        }
    }

    /** The largest VmHWM among the JVMs in MB, or -1 where /proc cannot tell. */
    int peakMemoryMb() {
        int peak = -1;
        for (ProcessHandle p : processes()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        long kb = Long.parseLong(line.replaceAll("\\D", ""));
                        peak = Math.max(peak, (int) Math.ceil(kb / 1024.0));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // gone
            }
        }
        return peak;
    }

    /** As {@link #gc}, asking again for a second while a JVM that has just started has not created its counters. */
    private static long[] gcOf(long pid) {
        for (int attempt = 0; attempt < 5; attempt++) {
            long[] gc = gc(pid, attempt == 4);
            if (gc != null) {
                return gc;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /**
     * Collections and their stop-the-world time in microseconds (null when they cannot be read), from the JVM's
     * hsperfdata counters (what jstat reads; nothing runs inside the function JVM):
     * {@code sun.gc.collector.N.invocations} and {@code .time} in {@code sun.os.hrt.frequency} ticks. Through
     * jdk.internal.jvmstat, exported to the bench by its jar's manifest and called reflectively (javac's --release
     * refuses to compile against an internal package).
     */
    private static long[] gc(long pid, boolean warn) {
        try {
            Class<?> hostType = Class.forName("sun.jvmstat.monitor.MonitoredHost");
            Class<?> idType = Class.forName("sun.jvmstat.monitor.VmIdentifier");
            Class<?> vmType = Class.forName("sun.jvmstat.monitor.MonitoredVm");
            Class<?> monitorType = Class.forName("sun.jvmstat.monitor.Monitor");
            Object host = hostType.getMethod("getMonitoredHost", String.class).invoke(null, "localhost");
            Object vm = hostType.getMethod("getMonitoredVm", idType)
                    .invoke(host, idType.getConstructor(String.class).newInstance(Long.toString(pid)));
            try {
                var find = vmType.getMethod("findByName", String.class);
                var value = monitorType.getMethod("getValue");
                Object hrt = find.invoke(vm, "sun.os.hrt.frequency");
                if (hrt == null) {
                    throw new IllegalStateException("no sun.os.hrt.frequency counter");
                }
                double frequency = ((Number) value.invoke(hrt)).doubleValue();
                long count = 0;
                double ticks = 0;
                for (int collector = 0; collector < 2; collector++) {
                    Object invocations = find.invoke(vm, "sun.gc.collector." + collector + ".invocations");
                    Object time = find.invoke(vm, "sun.gc.collector." + collector + ".time");
                    if (invocations != null && time != null) {
                        count += ((Number) value.invoke(invocations)).longValue();
                        ticks += ((Number) value.invoke(time)).doubleValue();
                    }
                }
                return new long[] {count, Math.round(ticks / frequency * 1e6)};
            } finally {
                hostType.getMethod("detach", vmType).invoke(host, vm);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (warn && WARNED.compareAndSet(false, true)) {
                System.err.println("bench: cannot read the GC counters of JVM " + pid + " (hsperfdata): " + e
                        + "; GC columns show n/a");
            }
            return null;
        }
    }

    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** Runs a JDK tool and returns its output; throws when it fails, so a broken measurement is never a zero. */
    static String run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.getFirst(), e);
        }
    }
}
