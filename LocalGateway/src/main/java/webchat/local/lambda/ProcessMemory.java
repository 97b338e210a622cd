package webchat.local.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's peak resident memory, as Lambda's "Max Memory Used": VmHWM from /proc on Linux. */
final class ProcessMemory {

    private ProcessMemory() {}

    /** @return the peak in MB, or null where /proc is missing or the process is gone */
    static Integer maxUsedMb(Process process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kilobytes = Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").strip());
                    return (int) Math.ceil(kilobytes / 1024.0);
                }
            }
            return null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
