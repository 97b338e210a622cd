package webchat.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool's side of class data archives, without JVMs: naming, damaged files, handing a written file over. */
class SharedArchiveTest {

    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path folder;

    private final RecordingConsole console = new RecordingConsole();
    private Path workDir;
    private List<String> classPath;

    @BeforeEach
    void givenAFunctionWithAJarAndADependencyFolder() throws IOException {
        workDir = Files.createDirectories(folder.resolve("target/webchat-local"));
        Files.writeString(workDir.resolve("classes.jar"), "classes");
        Path dependencies = Files.createDirectories(folder.resolve("target/dependency"));
        Files.writeString(dependencies.resolve("sdk.jar"), "sdk");
        classPath = List.of(workDir.resolve("classes.jar").toString(), dependencies.resolve("*").toString());
    }

    @Test
    void aChangedJarOnTheClassPathNamesADifferentArchiveAndTheOlderOneIsDeleted() throws IOException {
        // given
        Path before = SharedArchive.forNewEnvironment(workDir, JAVA_HOME, classPath, console).archive();
        Files.write(before, archiveBytes());

        // when the function is built again
        Path sdk = folder.resolve("target/dependency/sdk.jar");
        Files.setLastModifiedTime(sdk, FileTime.from(Instant.now().plusSeconds(10)));
        Path after = SharedArchive.forNewEnvironment(workDir, JAVA_HOME, classPath, console).archive();

        // then
        assertNotEquals(before, after);
        assertFalse(Files.exists(before), "the older build's archive is deleted");
    }

    @Test
    void anEmptyArchiveIsDeletedBeforeTheJvmStartsAndTheConsoleSaysSo() throws IOException {
        // given an archive the JDK could not even read a header from, which would turn class data sharing off
        Path archive = SharedArchive.forNewEnvironment(workDir, JAVA_HOME, classPath, console).archive();
        Files.write(archive, new byte[0]);

        // when
        SharedArchive.forNewEnvironment(workDir, JAVA_HOME, classPath, console);

        // then
        assertFalse(Files.exists(archive));
        assertEquals(1, console.linesContaining("Deleted the damaged class data archive " + archive).size());
    }

    @Test
    void aSoundArchiveIsSharedThroughAHardLinkAndAnUntouchedLinkIsDroppedWhenTheJvmEnds() throws IOException {
        // given
        Path archive = SharedArchive.forNewEnvironment(workDir, JAVA_HOME, classPath, console).archive();
        Files.write(archive, archiveBytes());

        // when
        SharedArchive environment = SharedArchive.forNewEnvironment(workDir, JAVA_HOME, classPath, console);
        Path link = environmentFile(environment);

        // then
        assertTrue(Files.isSameFile(archive, link));
        environment.environmentEnded(true);
        assertFalse(Files.exists(link));
        assertTrue(Files.exists(archive));
        assertEquals(List.of(), console.lines());
    }

    @Test
    void aFileWrittenByAJvmThatStoppedNormallyReplacesTheArchiveButOneFromAKilledJvmDoesNot() throws IOException {
        // given two environments whose JVMs both wrote an archive of their own as they ended
        SharedArchive stopped = SharedArchive.forNewEnvironment(workDir, JAVA_HOME, classPath, console);
        SharedArchive killed = SharedArchive.forNewEnvironment(workDir, JAVA_HOME, classPath, console);
        byte[] written = archiveBytes();
        written[100] = 42;
        Files.write(environmentFile(stopped), written);
        Files.write(environmentFile(killed), archiveBytes());

        // when
        stopped.environmentEnded(true);
        killed.environmentEnded(false);

        // then
        assertEquals(42, Files.readAllBytes(stopped.archive())[100]);
        assertFalse(Files.exists(environmentFile(killed)));
    }

    @Test
    void optionsThatChooseAnArchiveOrACacheLeaveClassDataSharingToTheCaller() {
        assertTrue(SharedArchive.wanted(List.of("-Djavax.net.ssl.trustStore=/tmp/ts", "-Xlog:class+load")));
        assertFalse(SharedArchive.wanted(List.of("-XX:SharedArchiveFile=/tmp/app.jsa")));
        assertFalse(SharedArchive.wanted(List.of("-XX:AOTCache=/tmp/app.aot")));
        assertFalse(SharedArchive.wanted(List.of("-Xshare:off")));
    }

    private static Path environmentFile(SharedArchive environment) {
        String option = environment.jvmOptions().stream().filter(o -> o.startsWith("-XX:SharedArchiveFile="))
                .findFirst().orElseThrow();
        return Path.of(option.substring("-XX:SharedArchiveFile=".length()));
    }

    /** Enough of a dynamic archive for the pool's check: its magic number and a plausible size. */
    private static byte[] archiveBytes() {
        byte[] bytes = new byte[8192];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putInt(0xf00baba8);
        return bytes;
    }
}
