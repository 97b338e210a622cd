package webchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An earlier commit of this project, exported (git archive: no worktree, nothing in .git changes) to
 * bench/target/baseline-COMMIT and its functions built there, so one bench run measures before and after side by
 * side. The local gateway stays this project's; only the template and the functions are the baseline's.
 */
final class Baseline {

    static final List<String> FUNCTIONS =
            List.of("ConnectFunction", "DisconnectFunction", "DefaultFunction", "SendMessageFunction");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

    private Baseline() {}

    /** The baseline's project root, exported and built on first use (a stamp file marks a finished build). */
    static Path prepare(Bench bench, String ref) throws IOException, InterruptedException {
        Path root = bench.projectRoot();
        String commit = FunctionJvms.run(List.of("git", "-C", root.toString(), "rev-parse", "--verify",
                ref + "^{commit}"), Duration.ofSeconds(30)).strip();
        Path dir = bench.workDir().resolve("baseline-" + commit.substring(0, 12));
        Path stamp = dir.resolve(".built");
        if (!Files.exists(stamp)) {
            bench.say("exporting " + ref + " (" + commit.substring(0, 12) + ") to " + dir
                    + " and building its functions");
            Files.createDirectories(dir);
            List<Process> export = ProcessBuilder.startPipeline(List.of(
                    new ProcessBuilder("git", "-C", root.toString(), "archive", "--format=tar", commit),
                    new ProcessBuilder("tar", "-x", "-C", dir.toString())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)));
            for (Process p : export) {
                if (p.waitFor() != 0) {
                    throw new IOException("Exporting " + ref + " failed: "
                            + p.info().commandLine().orElse("git archive"));
                }
            }
            for (String function : FUNCTIONS) {
                FunctionJvms.run(List.of("mvn", "-B", "-q", "-DskipTests", "package", "-f",
                        dir.resolve(function).resolve("pom.xml").toString()), BUILD_TIMEOUT);
            }
            Path modules = root.resolve("LocalGateway/node_modules");
            Path theirs = dir.resolve("LocalGateway/node_modules");
            if (Files.isDirectory(modules) && !Files.exists(theirs)) {
                Files.createSymbolicLink(theirs, modules);
            }
            Files.writeString(stamp, commit + "\n");
        }
        if (System.getProperty("webchat.ricDir") == null) {
            System.setProperty("webchat.ricDir", root.resolve("LocalGateway/target/ric").toString());
        }
        return dir;
    }
}
