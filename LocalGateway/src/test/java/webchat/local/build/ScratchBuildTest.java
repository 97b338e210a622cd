package webchat.local.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scratch build's own mechanics, with a stand-in {@code mvn} script (the real Maven runs in SamBuildParityTest
 * and AnySamAppEndToEndTest): what is copied, the offline-then-online retry, the failure message, the install.
 */
class ScratchBuildTest {

    /** Plays Maven: records its arguments; fails offline runs as Maven does for a never-downloaded plugin. */
    private static final String FAKE_MAVEN = """
            #!/bin/sh
            echo "$@" >> "$(dirname "$0")/calls"
            case " $* " in *" -o "*) echo "[ERROR] Cannot access central in offline mode and the artifact \
            org.apache.maven.plugins:maven-install-plugin:jar:3.1.3 has not been downloaded from it before."; exit 1;; esac
            case " $* " in *" install "*)
              [ -f BROKEN ] && { echo "[ERROR] COMPILATION ERROR: App.java:[1,1] broken"; exit 1; }
              mkdir -p target/classes && echo class > target/classes/App.class;;
            esac
            case " $* " in *" dependency:copy-dependencies "*)
              mkdir -p target/dependency && echo jar > target/dependency/com.example.lib-1.0.jar;;
            esac
            exit 0
            """;

    @TempDir
    Path dir;
    private Path project;
    private Path calls;

    @BeforeEach
    void aProjectAndAStandInMaven() throws IOException {
        project = Files.createDirectories(dir.resolve("AppFunction"));
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.createDirectories(project.resolve("target/classes"));
        Files.writeString(project.resolve("target/classes/Stale.class"), "old");
        Files.createDirectories(project.resolve(".git"));
        Files.writeString(project.resolve(".git/HEAD"), "ref");
        Path maven = Files.createDirectories(dir.resolve("bin")).resolve("mvn");
        Files.writeString(maven, FAKE_MAVEN);
        Files.setPosixFilePermissions(maven, PosixFilePermissions.fromString("rwxr-xr-x"));
        calls = maven.resolveSibling("calls");
        System.setProperty("webchat.mvn", maven.toString());
    }

    @AfterEach
    void realMavenAgain() {
        System.clearProperty("webchat.mvn");
    }

    @Test
    void anOfflineFailureOnSomethingNeverDownloadedRunsTheStepAgainOnline() throws IOException {
        try (ScratchBuild build = ScratchBuild.run("AppFunction", project, new MavenSteps(false, true), javaHome())) {
            assertEquals(List.of("-B -o clean install", "-B clean install",
                    "-B -o dependency:copy-dependencies -DincludeScope=runtime -Dmdep.prependGroupId=true",
                    "-B dependency:copy-dependencies -DincludeScope=runtime -Dmdep.prependGroupId=true"),
                    Files.readAllLines(calls));
            assertTrue(Files.readString(build.log()).contains("running the step online"));
        }
    }

    @Test
    void onlyTheSourcesAreCopiedAndThePackageReplacesTheProjectsOwn() throws IOException {
        Path scratch;
        try (ScratchBuild build = ScratchBuild.run("AppFunction", project, MavenSteps.asSamBuild(), javaHome())) {
            scratch = build.output().classes().getParent().getParent();
            assertTrue(Files.exists(scratch.resolve("pom.xml")));
            assertFalse(Files.exists(scratch.resolve(".git")), "CopySourceAction's excludes");
            assertFalse(Files.exists(scratch.resolve("target/classes/Stale.class")), "the old target is not copied");

            build.installInto(project);
        }
        assertFalse(Files.exists(scratch), "closing deletes the scratch copy");
        assertFalse(Files.exists(project.resolve("target/classes/Stale.class")));
        assertEquals("class\n", Files.readString(project.resolve("target/classes/App.class")));
        assertTrue(Files.exists(project.resolve("target/dependency/com.example.lib-1.0.jar")));
    }

    @Test
    void aFailedStepNamesTheFunctionTheCommandAndMavensLastLinesAndKeepsTheLog() throws IOException {
        Files.writeString(project.resolve("BROKEN"), "");

        BuildException failed = assertThrows(BuildException.class,
                () -> ScratchBuild.run("AppFunction", project, new MavenSteps(true, false), javaHome()));

        String message = failed.getMessage();
        assertTrue(message.startsWith("Building AppFunction failed: `mvn -B clean install -DskipTests` exited with 1"),
                message);
        assertTrue(message.contains("[ERROR] COMPILATION ERROR: App.java:[1,1] broken"), message);
        Path log = Path.of(message.substring(message.lastIndexOf(": ") + 2));
        assertTrue(Files.readString(log).contains("COMPILATION ERROR"), "the whole output is kept");
        ScratchBuild.deleteTree(log.getParent());
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }
}
