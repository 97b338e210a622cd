package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassesJarTest {

    private static final FileTime BUILT = FileTime.from(Instant.parse("2026-01-01T10:00:00Z"));

    @TempDir
    Path function;

    @Test
    void theJarHoldsEveryFileOfTargetClassesAndTakesTheNewestFilesTime() throws IOException {
        // given
        write("webchat/connect/ConnectHandler.class", "handler", BUILT.toInstant());
        write("log4j2.xml", "config", BUILT.toInstant().minusSeconds(60));

        // when
        Path jar = ClassesJar.of(function).orElseThrow();

        // then
        assertEquals(function.resolve("target/webchat-local/classes.jar"), jar);
        assertEquals("handler", entry(jar, "webchat/connect/ConnectHandler.class"));
        assertEquals("config", entry(jar, "log4j2.xml"));
        assertEquals(BUILT, Files.getLastModifiedTime(jar), "the handler's time, the newest under target/classes");
    }

    @Test
    void anUnchangedBuildKeepsTheJarAndANewerClassFileRebuildsIt() throws IOException {
        // given
        Path handler = write("webchat/connect/ConnectHandler.class", "first build", BUILT.toInstant());
        Path jar = ClassesJar.of(function).orElseThrow();
        Object firstJar = Files.readAttributes(jar, "unix:ino").get("ino");

        // when nothing changed
        ClassesJar.of(function);

        // then
        assertEquals(firstJar, Files.readAttributes(jar, "unix:ino").get("ino"), "the same file, not a rebuilt one");

        // when the class is compiled again
        Files.writeString(handler, "second build");
        Files.setLastModifiedTime(handler, FileTime.from(BUILT.toInstant().plusSeconds(5)));
        ClassesJar.of(function);

        // then
        assertNotEquals(firstJar, Files.readAttributes(jar, "unix:ino").get("ino"));
        assertEquals("second build", entry(jar, "webchat/connect/ConnectHandler.class"));
    }

    @Test
    void aDeletedClassRebuildsTheJarWithoutIt() throws IOException {
        // given
        write("webchat/connect/ConnectHandler.class", "handler", BUILT.toInstant());
        Path gone = write("webchat/connect/Old.class", "old", BUILT.toInstant());
        Path jar = ClassesJar.of(function).orElseThrow();

        // when
        Files.delete(gone);
        Files.setLastModifiedTime(gone.getParent(), FileTime.from(BUILT.toInstant().plusSeconds(5)));
        ClassesJar.of(function);

        // then
        try (JarFile read = new JarFile(jar.toFile())) {
            assertEquals(null, read.getEntry("webchat/connect/Old.class"));
        }
    }

    @Test
    void anEmptyClassesFolderNeedsNoJar() throws IOException {
        Files.createDirectories(function.resolve("target/classes"));

        assertEquals(Optional.empty(), ClassesJar.of(function));
        assertTrue(Files.notExists(function.resolve("target/webchat-local/classes.jar")));
    }

    private Path write(String name, String content, Instant time) throws IOException {
        Path file = function.resolve("target/classes").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(time));
        for (Path dir = file.getParent(); dir.startsWith(function.resolve("target/classes")); dir = dir.getParent()) {
            Files.setLastModifiedTime(dir, BUILT);
        }
        return file;
    }

    private static String entry(Path jar, String name) throws IOException {
        try (JarFile read = new JarFile(jar.toFile())) {
            return new String(read.getInputStream(read.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
