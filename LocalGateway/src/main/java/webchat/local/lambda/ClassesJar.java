package webchat.local.lambda;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A function's {@code target/classes} packed into {@code target/webchat-local/classes.jar}, which its JVMs load
 * instead of the folder: the JDK archives classes from jars only and refuses a class data archive while a non-empty
 * folder is on the class path.
 *
 * <p>The jar is rebuilt only when it is missing or older than the newest file or folder under target/classes (a
 * deleted class changes its folder's time). It is written to a temporary file and moved into place, so JVMs starting
 * at the same time never see half a jar; its entries and its own modification time come from the classes, so two
 * builds of the same classes give the same bytes and the same time, and a class data archive made for one stays
 * valid for the other.
 */
final class ClassesJar {

    static final String FILE_NAME = "classes.jar";
    private static final AtomicLong PARTIALS = new AtomicLong();

    private ClassesJar() {}

    /** The folder beside target/classes that holds what the local gateway derives from a function's build. */
    static Path workDir(Path codeUri) {
        return codeUri.resolve("target").resolve("webchat-local");
    }

    /**
     * The up-to-date jar of the function's classes, built when stale; empty when target/classes holds no file (an
     * empty folder on the class path bothers no archive).
     */
    static Optional<Path> of(Path codeUri) throws IOException {
        Path classes = codeUri.resolve("target").resolve("classes");
        List<Path> entries;
        FileTime newest;
        try (Stream<Path> walk = Files.walk(classes)) {
            entries = walk.filter(path -> !path.equals(classes)).sorted().toList();
            newest = Stream.concat(Stream.of(classes), entries.stream()).map(ClassesJar::modified)
                    .max(FileTime::compareTo).orElseThrow();
        }
        if (entries.stream().noneMatch(Files::isRegularFile)) {
            return Optional.empty();
        }
        Path jar = workDir(codeUri).resolve(FILE_NAME);
        if (Files.isRegularFile(jar) && Files.getLastModifiedTime(jar).compareTo(newest) >= 0) {
            return Optional.of(jar);
        }
        Files.createDirectories(jar.getParent());
        Path partial = jar.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid() + "-"
                + PARTIALS.incrementAndGet() + ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE); JarOutputStream zip = new JarOutputStream(out)) {
                for (Path path : entries) {
                    boolean folder = Files.isDirectory(path);
                    String name = classes.relativize(path).toString().replace('\\', '/');
                    JarEntry entry = new JarEntry(folder ? name + "/" : name);
                    entry.setLastModifiedTime(modified(path));
                    zip.putNextEntry(entry);
                    if (!folder) {
                        Files.copy(path, zip);
                    }
                    zip.closeEntry();
                }
            }
            Files.setLastModifiedTime(partial, newest);
            Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return Optional.of(jar);
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
