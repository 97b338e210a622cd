package webchat.local.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webchat.local.template.LambdaFunction;

/** When a template function is built, rebuilt, left alone, or refused: decided from files alone. */
class PackageStateTest {

    private static final Instant BUILT_AT = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path project;

    @Test
    void anotherRuntimeIsNotSupportedLocally() throws IOException {
        PackageState state = PackageState.of(function("python3.13"));

        assertTrue(assertInstanceOf(PackageState.Unsupported.class, state).reason()
                .startsWith("runtime python3.13 is not supported locally"));
    }

    @Test
    void javaWithoutAPomIsNotSupportedUnlessItsClassesAreThere() throws IOException {
        assertTrue(assertInstanceOf(PackageState.Unsupported.class, PackageState.of(function("java21"))).reason()
                .contains("without a pom.xml"));

        Files.createDirectories(project.resolve("target/classes"));
        assertInstanceOf(PackageState.Fresh.class, PackageState.of(function("java21")));
    }

    @Test
    void aMavenProjectNeverBuiltIsBuilt() throws IOException {
        write("pom.xml", BUILT_AT.minusSeconds(60));

        assertEquals(new PackageState.NeedsBuild("never built"), PackageState.of(function("java25")));
    }

    @Test
    void aBuiltProjectIsFreshUntilAMainSourceOrThePomChanges() throws IOException {
        built();
        write("src/test/java/AppTest.java", BUILT_AT.plusSeconds(60));
        assertInstanceOf(PackageState.Fresh.class, PackageState.of(function("java25")), "tests do not change it");

        write("src/main/java/App.java", BUILT_AT.plusSeconds(60));
        assertEquals(new PackageState.NeedsBuild("src/main/java/App.java changed since the last build"),
                PackageState.of(function("java25")));
    }

    @Test
    void jarsLeftUnderBothNamingsAreRebuilt() throws IOException {
        built();
        write("target/dependency/utils-2.57.8.jar", BUILT_AT);

        assertEquals(new PackageState.NeedsBuild("target/dependency holds utils-2.57.8.jar twice, under names with "
                + "and without its group id (left by an older build)"), PackageState.of(function("java25")));
    }

    private void built() throws IOException {
        write("pom.xml", BUILT_AT.minusSeconds(60));
        write("src/main/java/App.java", BUILT_AT.minusSeconds(60));
        write("target/classes/App.class", BUILT_AT);
        write("target/dependency/software.amazon.awssdk.utils-2.57.8.jar", BUILT_AT);
    }

    private void write(String relative, Instant modified) throws IOException {
        Path file = project.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, relative);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        Files.setLastModifiedTime(file.getParent(), FileTime.from(BUILT_AT.minusSeconds(3600)));
    }

    private LambdaFunction function(String runtime) {
        return new LambdaFunction("AppFunction", "stack-AppFunction", project, "App::handleRequest", runtime,
                Map.of(), 256, 10, "JSON", null);
    }
}
