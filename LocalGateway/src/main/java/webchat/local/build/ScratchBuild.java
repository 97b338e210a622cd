package webchat.local.build;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One function built as {@code sam build} builds it (aws-lambda-builders 1.63.0,
 * {@code aws_lambda_builders/workflows/java_maven/workflow.py}): the CodeUri folder alone copied to a scratch
 * folder, {@code mvn clean install} and {@code mvn dependency:copy-dependencies ...} run there ({@link MavenSteps}),
 * and the package taken from the scratch copy's {@code target/classes} and {@code target/dependency}. Close it to
 * delete the scratch folder; a failed build keeps it, with Maven's whole output in {@code maven.log}.
 */
public final class ScratchBuild implements AutoCloseable {

    /** CopySourceAction's excludes: JavaMavenWorkflow.EXCLUDED_FILES, skipped at any depth. */
    static final Set<String> EXCLUDED = Set.of(".aws-sam", ".git");
    private static final int TAIL_LINES = 30;
    private static final long STEP_TIMEOUT_MINUTES = 15;

    private final Path root;
    private final Path project;

    private ScratchBuild(Path root, Path project) {
        this.root = root;
        this.project = project;
    }

    /**
     * Copies {@code projectFolder} to a new scratch folder and runs both Maven steps there with {@code javaHome}.
     *
     * @param name the function's logical id, for messages
     * @throws BuildException naming the function and the step, with the tail of Maven's output
     */
    public static ScratchBuild run(String name, Path projectFolder, MavenSteps steps, Path javaHome)
            throws BuildException {
        ScratchBuild build;
        try {
            Path root = Files.createTempDirectory("webchat-build-" + name + "-");
            build = new ScratchBuild(root, root.resolve(projectFolder.getFileName().toString()));
            copySource(projectFolder, build.project);
        } catch (IOException e) {
            throw new BuildException("Building " + name + ": cannot copy " + projectFolder + " to a scratch folder: "
                    + e.getMessage(), e);
        }
        build.step(name, steps, steps.install(), javaHome);
        build.step(name, steps, steps.copyDependencies(), javaHome);
        if (!Files.isDirectory(build.output().classes())) {
            // JavaMavenCopyArtifactsAction's own check.
            throw new BuildException("Building " + name + ": Maven produced no target/classes (kept in "
                    + build.project + ")");
        }
        return build;
    }

    /** The package as the scratch copy holds it. */
    public FunctionPackage output() {
        return FunctionPackage.of(project);
    }

    /** Maven's whole output for this build. */
    public Path log() {
        return root.resolve("maven.log");
    }

    /**
     * Replaces the project's own {@code target/classes} and {@code target/dependency} with this build's, so the
     * local gateway runs exactly what was built. A package without jars gets an empty {@code target/dependency}.
     */
    public void installInto(Path projectFolder) throws IOException {
        FunctionPackage built = output();
        FunctionPackage installed = FunctionPackage.of(projectFolder);
        deleteTree(installed.classes());
        deleteTree(installed.lib());
        copyTree(built.classes(), installed.classes(), relative -> false);
        if (Files.isDirectory(built.lib())) {
            copyTree(built.lib(), installed.lib(), relative -> false);
        } else {
            Files.createDirectories(installed.lib());
        }
    }

    @Override
    public void close() {
        try {
            deleteTree(root);
        } catch (IOException ignored) {
            // a scratch folder left in the temp dir is harmless
        }
    }

    private void step(String name, MavenSteps steps, List<String> arguments, Path javaHome) throws BuildException {
        int exit = runMaven(arguments, javaHome);
        if (exit != 0 && steps.offline() && logMentionsOffline()) {
            // Offline first saves the remote checks; a plugin or jar never downloaded before needs one online run.
            appendToLog("webchat: offline run failed on something never downloaded; running the step online");
            exit = runMaven(withoutOffline(arguments), javaHome);
        }
        if (exit != 0) {
            throw new BuildException("Building " + name + " failed: `mvn " + String.join(" ", arguments)
                    + "` exited with " + exit + " in a scratch copy of its folder (" + project + ").\n"
                    + "Last lines of Maven's output:\n" + tail() + "\nMaven's whole output: " + log());
        }
    }

    private int runMaven(List<String> arguments, Path javaHome) throws BuildException {
        List<String> command = new ArrayList<>();
        command.add(Maven.executable());
        command.addAll(arguments);
        appendToLog("$ mvn " + String.join(" ", arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
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
                appendToLog("webchat: killed after " + STEP_TIMEOUT_MINUTES + " minutes");
                return -1;
            }
            return maven.exitValue();
        } catch (IOException e) {
            throw new BuildException("Cannot run Maven (" + command.getFirst() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("Interrupted while Maven was building in " + project, e);
        }
    }

    private static List<String> withoutOffline(List<String> arguments) {
        return arguments.stream().filter(argument -> !argument.equals("-o")).toList();
    }

    private boolean logMentionsOffline() {
        return tail().toLowerCase(Locale.ROOT).contains("offline");
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(Maven's output cannot be read: " + e.getMessage() + ")";
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(log(), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is for the user's eyes; Maven's exit code decides
        }
    }

    /**
     * CopySourceAction copies the whole folder but {@link #EXCLUDED}. A top-level {@code target} is skipped too:
     * {@code mvn clean} deletes it before anything reads it, so copying it would only cost time.
     */
    static void copySource(Path from, Path to) throws IOException {
        copyTree(from, to, relative -> relative.startsWith("target")
                || StreamSupport.stream(relative.spliterator(), false).anyMatch(p -> EXCLUDED.contains(p.toString())));
    }

    private static void copyTree(Path from, Path to, Predicate<Path> skipped) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path relative = from.relativize(source);
                if (!relative.toString().isEmpty() && skipped.test(relative)) {
                    continue;
                }
                Path destination = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
