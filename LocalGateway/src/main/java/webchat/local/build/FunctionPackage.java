package webchat.local.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Maven function's deployment package: the function's classes and its runtime jars. {@code sam build} copies
 * {@code target/classes} to the package root and {@code target/dependency} to {@code lib/}
 * (aws-lambda-builders, {@code aws_lambda_builders/workflows/java_maven/actions.py}, JavaMavenCopyArtifactsAction),
 * and Lambda's Java runtime puts the root and {@code lib/*.jar} on the class path. The local gateway runs a
 * function from these same two folders, kept in the function's {@code target/}.
 *
 * @param classes what becomes the package root ({@code target/classes})
 * @param lib     what becomes {@code lib/} ({@code target/dependency}; may not exist for a function without jars)
 */
public record FunctionPackage(Path classes, Path lib) {

    /** The package inside a Maven project folder (the template's CodeUri). */
    public static FunctionPackage of(Path mavenProject) {
        Path target = mavenProject.resolve("target");
        return new FunctionPackage(target.resolve("classes"), target.resolve("dependency"));
    }

    /** The jars of {@code lib/}, sorted by name. */
    public List<Path> jars() throws IOException {
        return files(lib).stream().filter(file -> file.getFileName().toString().endsWith(".jar")).toList();
    }

    /** Every file the package holds, as the zip would: the classes folder's files, then everything in lib. */
    public List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>(files(classes));
        files.addAll(files(lib));
        return files;
    }

    /** The package's size unzipped: what Lambda's 250 MB limit and our own 10 MB target are measured on. */
    public long unzippedBytes() throws IOException {
        long total = 0;
        for (Path file : files()) {
            total += Files.size(file);
        }
        return total;
    }

    /** The file's path inside the zip: relative to the root for classes, {@code lib/...} for the jars. */
    public String entryName(Path file) {
        Path relative = file.startsWith(classes) ? classes.relativize(file) : Path.of("lib").resolve(lib.relativize(file));
        return relative.toString().replace('\\', '/');
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
