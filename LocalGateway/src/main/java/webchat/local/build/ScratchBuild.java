package webchat.local.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
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

    private final Path root;
    private final Path project;
    private final MavenLog log;

    private ScratchBuild(Path root, Path project) {
        this.root = root;
        this.project = project;
        this.log = new MavenLog(root.resolve("maven.log"));
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
            Path root = Files.createTempDirectory("webchat-build-" + name.replaceAll("[^A-Za-z0-9]+", "-") + "-");
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
        return log.file();
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
        int exit = log.run(project, arguments, javaHome);
        if (exit != 0 && steps.offline() && log.endsOnOffline()) {
            // Offline first saves the remote checks; a plugin or jar never downloaded before needs one online run.
            log.append("webchat: offline run failed on something never downloaded; running the step online");
            exit = log.run(project, withoutOffline(arguments), javaHome);
        }
        if (exit != 0) {
            throw new BuildException("Building " + name + " failed: `mvn " + String.join(" ", arguments)
                    + "` exited with " + exit + " in a scratch copy of its folder (" + project + ").\n"
                    + "Last lines of Maven's output:\n" + log.tail() + "\nMaven's whole output: " + log.file());
        }
    }

    private static List<String> withoutOffline(List<String> arguments) {
        return arguments.stream().filter(argument -> !argument.equals("-o")).toList();
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
