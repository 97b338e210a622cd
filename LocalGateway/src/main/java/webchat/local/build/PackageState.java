package webchat.local.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import webchat.local.template.LambdaFunction;

/**
 * Whether a template function can run locally, and whether its package must be (re)built first.
 */
public sealed interface PackageState {

    /** Built, and no source is newer than its classes. */
    record Fresh() implements PackageState {}

    /** A Maven project to build; {@code reason} says why (never built, or what changed). */
    record NeedsBuild(String reason) implements PackageState {}

    /** Not run locally; {@code reason} says why and what happens instead. */
    record Unsupported(String reason) implements PackageState {}

    /** Folders and files whose changes do not change the package. */
    Set<String> NOT_SOURCES = Set.of("target", ".git", ".aws-sam", ".idea", ".vscode", "node_modules");

    static PackageState of(LambdaFunction function) throws IOException {
        if (!isJava(function)) {
            return new Unsupported("runtime " + function.runtime() + " is not supported locally (only Java functions "
                    + "built with Maven run here); its routes answer Internal server error");
        }
        Path folder = function.codeUri();
        FunctionPackage built = FunctionPackage.of(folder);
        if (!Files.isRegularFile(folder.resolve("pom.xml"))) {
            if (Files.isDirectory(built.classes())) {
                return new Fresh();
            }
            return new Unsupported("Java without a pom.xml in " + folder + " is not supported locally (only Maven "
                    + "projects are built here; a Gradle project can be built by hand into target/classes and "
                    + "target/dependency); its routes answer Internal server error");
        }
        if (!Files.isDirectory(built.classes()) || !Files.isDirectory(built.lib())) {
            return new NeedsBuild("never built");
        }
        Optional<String> twice = jarCopiedTwice(built);
        if (twice.isPresent()) {
            return new NeedsBuild("target/dependency holds " + twice.get() + " twice, under names with and without "
                    + "its group id (left by an older build)");
        }
        FileTime builtAt = newest(built.classes()).orElse(FileTime.fromMillis(0));
        Optional<Path> changed = newerSource(folder, builtAt);
        return changed.<PackageState>map(file -> new NeedsBuild(folder.relativize(file) + " changed since the last "
                + "build")).orElseGet(Fresh::new);
    }

    static boolean isJava(LambdaFunction function) {
        return function.runtime() != null && function.runtime().startsWith("java");
    }

    /** A jar present as {@code artifact-1.0.jar} and {@code group.artifact-1.0.jar}, the two namings' duplicate. */
    private static Optional<String> jarCopiedTwice(FunctionPackage built) throws IOException {
        Set<String> names = new HashSet<>();
        for (Path jar : built.jars()) {
            names.add(jar.getFileName().toString());
        }
        return names.stream().filter(name -> names.stream().anyMatch(other -> other.endsWith("." + name)))
                .findFirst();
    }

    /** A file of the project (tests aside: they do not change the package) modified after {@code builtAt}. */
    private static Optional<Path> newerSource(Path folder, FileTime builtAt) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !isNotSource(folder.relativize(file)))
                    .filter(file -> modified(file).compareTo(builtAt) > 0)
                    .findFirst();
        }
    }

    private static boolean isNotSource(Path relative) {
        if (relative.startsWith(Path.of("src", "test"))) {
            return true;
        }
        for (Path part : relative) {
            if (NOT_SOURCES.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<FileTime> newest(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(PackageState::modified).max(FileTime::compareTo);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }
}
