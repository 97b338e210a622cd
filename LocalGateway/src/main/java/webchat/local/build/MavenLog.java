package webchat.local.build;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Runs Maven in a folder with a given JDK, appending everything it prints to one log file. */
final class MavenLog {

    private static final int TAIL_LINES = 30;
    private static final long STEP_TIMEOUT_MINUTES = 15;

    private final Path file;

    MavenLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Runs {@code mvn <arguments>} in {@code folder}; returns its exit code (-1 when killed after 15 minutes). */
    int run(Path folder, List<String> arguments, Path javaHome) throws BuildException {
        List<String> command = new ArrayList<>();
        command.add(Maven.executable());
        command.addAll(arguments);
        append("$ mvn " + String.join(" ", arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()));
        // The functions run locally on this JDK: compile them with it too (a POM's toolchain still wins).
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("PATH", javaHome.resolve("bin") + File.pathSeparator
                + builder.environment().getOrDefault("PATH", ""));
        // Maven's own JVM only (not the build's output): its short runs spend less CPU with the client compiler.
        builder.environment().merge("MAVEN_OPTS", "-XX:TieredStopAtLevel=1", (given, ours) -> given + " " + ours);
        try {
            Process maven = builder.start();
            if (!maven.waitFor(STEP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                maven.descendants().forEach(ProcessHandle::destroyForcibly);
                maven.destroyForcibly();
                append("webchat: killed after " + STEP_TIMEOUT_MINUTES + " minutes");
                return -1;
            }
            return maven.exitValue();
        } catch (IOException e) {
            throw new BuildException("Cannot run Maven (" + command.getFirst() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("Interrupted while Maven was building in " + folder, e);
        }
    }

    /** True when Maven's last lines speak of offline mode (an artifact never downloaded, in an offline run). */
    boolean endsOnOffline() {
        return tail().toLowerCase(Locale.ROOT).contains("offline");
    }

    /** The last 30 lines. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(Maven's output cannot be read: " + e.getMessage() + ")";
        }
    }

    void append(String line) {
        try {
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is for the user's eyes; Maven's exit code decides
        }
    }
}
