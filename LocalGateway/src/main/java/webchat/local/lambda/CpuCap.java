package webchat.local.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Optional: holds a function JVM to its Lambda CPU share, MemorySize / 1,769 MB of one vCPU, with a Linux CPU
 * cgroup, so a CPU-bound invocation takes locally about as long as on Lambda. On when the gateway's JVM runs with
 * {@code -Dwebchat.cpuCap=lambda} (the benchmarks' {@code --cpu-cap}). Needs a writable CPU controller: cgroup v2
 * ({@code cpu.max}) or v1 ({@code cpu.cfs_quota_us}); without one it says why, once, and the JVMs run uncapped. The
 * JVM is moved into its cgroup right after it starts (a SnapStart environment: when it is restored, since the Init
 * phase of a published version is not an invocation), so its ergonomics still see the machine's cores.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html">Lambda memory and CPU</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#cpu-interface-files">cgroup v2 cpu.max</a>
 */
final class CpuCap {

    static final String PROPERTY = "webchat.cpuCap";
    private static final long PERIOD_US = 100_000;
    private static final double MB_PER_VCPU = 1769;
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private CpuCap() {}

    /** Caps {@code process} when asked to; its cgroup is removed when it exits. */
    static void applyIfAsked(long pid, int memoryMb, Consumer<String> console) {
        if (!"lambda".equals(System.getProperty(PROPERTY))) {
            return;
        }
        ProcessHandle process = ProcessHandle.of(pid).orElse(null);
        if (process == null) {
            return;
        }
        long quotaUs = Math.max(1000, Math.round(PERIOD_US * memoryMb / MB_PER_VCPU));
        try {
            Path group = create(process.pid(), quotaUs);
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(process.pid()));
            process.onExit().thenRun(() -> removeQuietly(group));
        } catch (IOException | RuntimeException e) {
            if (WARNED.compareAndSet(false, true)) {
                console.accept("Cannot cap the functions' CPU (" + e.getMessage() + "): they run uncapped");
            }
        }
    }

    private static Path create(long pid, long quotaUs) throws IOException {
        for (Path root : new Path[] {Path.of("/sys/fs/cgroup"), Path.of("/sys/fs/cgroup/unified")}) {
            Path control = root.resolve("cgroup.subtree_control");
            if (Files.isReadable(control) && Files.readString(control).contains("cpu")) {
                Path group = Files.createDirectories(root.resolve("webchat-local-" + pid));
                Files.writeString(group.resolve("cpu.max"), quotaUs + " " + PERIOD_US);
                return group;
            }
        }
        Path v1 = Path.of("/sys/fs/cgroup/cpu");
        if (Files.isWritable(v1.resolve("cgroup.procs"))) {
            Path group = Files.createDirectories(v1.resolve("webchat-local-" + pid));
            Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
            Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quotaUs));
            return group;
        }
        throw new IOException("no writable cgroup CPU controller under /sys/fs/cgroup");
    }

    private static void removeQuietly(Path group) {
        try {
            Files.deleteIfExists(group);
        } catch (IOException e) {
            // an empty cgroup left behind costs nothing; the next gateway uses new names
        }
    }
}
