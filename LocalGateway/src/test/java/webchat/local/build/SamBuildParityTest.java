package webchat.local.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import webchat.local.template.Application;
import webchat.local.template.TemplateLoader;
import webchat.local.template.TemplateOptions;

/**
 * Each function's deployment package made exactly as {@code sam build} makes it (the folder alone in a scratch
 * copy, {@code mvn clean install}, {@code mvn dependency:copy-dependencies -DincludeScope=runtime
 * -Dmdep.prependGroupId=true}, package = target/classes + target/dependency) holds each jar once, nothing of test
 * scope, stays under 10 MB unzipped, and is what the local gateway runs. The four builds run two at a time, offline
 * first (the reactor build before this test has put every dependency in the local repository).
 */
class SamBuildParityTest {

    private static final long LIMIT_BYTES = 10L * 1024 * 1024;
    /** Test libraries a function might pull in besides its POM's own test-scope dependencies. */
    private static final Set<String> TEST_GROUPS = Set.of("org.junit", "org.junit.jupiter", "org.junit.platform",
            "org.mockito", "org.opentest4j", "org.apiguardian", "org.hamcrest", "org.assertj", "org.objenesis",
            "net.bytebuddy");
    private static final Pattern TEST_DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>(?:(?!</dependency>).)*"
                    + "<scope>test</scope>", Pattern.DOTALL);

    private static final Path ROOT = Path.of(System.getProperty("webchat.projectRoot", "..")).toAbsolutePath()
            .normalize();
    private static final Map<String, ScratchBuild> BUILDS = new LinkedHashMap<>();
    private static Application application;

    @BeforeAll
    static void buildEveryFunctionAsSamBuildDoes() throws Exception {
        application = TemplateLoader.load(ROOT.resolve("template.yaml"), TemplateOptions.defaults());
        Path javaHome = Path.of(System.getProperty("java.home"));
        MavenSteps samBuild = new MavenSteps(false, true);
        try (ExecutorService two = Executors.newFixedThreadPool(2)) {
            Map<String, Future<ScratchBuild>> running = new LinkedHashMap<>();
            application.functions().values().forEach(function -> running.put(function.logicalId(), two.submit(
                    () -> ScratchBuild.run(function.logicalId(), function.codeUri(), samBuild, javaHome))));
            for (var build : running.entrySet()) {
                BUILDS.put(build.getKey(), build.getValue().get());
            }
        }
    }

    @AfterAll
    static void deleteTheScratchFolders() {
        BUILDS.values().forEach(ScratchBuild::close);
    }

    @Test
    void theStepsAreAwsLambdaBuildersOwn() {
        // aws_lambda_builders/workflows/java_maven/maven.py, SubprocessMaven.build and .copy_dependency (1.63.0)
        assertEquals(List.of("clean", "install"), MavenSteps.INSTALL);
        assertEquals(List.of("dependency:copy-dependencies", "-DincludeScope=runtime", "-Dmdep.prependGroupId=true"),
                MavenSteps.COPY_DEPENDENCIES);
        assertEquals(List.of("-B", "clean", "install"), MavenSteps.asSamBuild().install());
        assertEquals(4, BUILDS.size());
    }

    @TestFactory
    Stream<DynamicTest> eachPackageHoldsEveryJarOnce() {
        return BUILDS.entrySet().stream().map(build -> dynamicTest(build.getKey(), () -> {
            Map<String, String> firstNameOf = new LinkedHashMap<>();
            List<String> twice = new ArrayList<>();
            for (Path jar : build.getValue().output().jars()) {
                for (String key : identities(jar)) {
                    String earlier = firstNameOf.putIfAbsent(key, jar.getFileName().toString());
                    if (earlier != null && !earlier.equals(jar.getFileName().toString())) {
                        twice.add(earlier + " = " + jar.getFileName());
                    }
                }
            }
            assertEquals(List.of(), twice, build.getKey() + " ships these jars twice");
        }));
    }

    @TestFactory
    Stream<DynamicTest> noPackageHoldsATestScopeJar() {
        return BUILDS.entrySet().stream().map(build -> dynamicTest(build.getKey(), () -> {
            Set<String> testArtifacts = testScopeDependencies(application.functions().get(build.getKey()).codeUri());
            List<String> found = new ArrayList<>();
            for (Path jar : build.getValue().output().jars()) {
                for (String coordinates : coordinates(jar)) {
                    String group = coordinates.substring(0, coordinates.indexOf(':'));
                    if (testArtifacts.contains(coordinates) || TEST_GROUPS.contains(group)) {
                        found.add(jar.getFileName() + " (" + coordinates + ")");
                    }
                }
            }
            assertTrue(!testArtifacts.isEmpty(), "the POM's test dependencies were not found");
            assertEquals(List.of(), found, build.getKey() + " ships test-scope jars");
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachPackageIsUnderTenMegabytesUnzipped() {
        return BUILDS.entrySet().stream().map(build -> dynamicTest(build.getKey(), () -> {
            long bytes = build.getValue().output().unzippedBytes();
            System.out.printf(Locale.ROOT, "%s: %d bytes unzipped (%.2f MiB), %d jars%n", build.getKey(), bytes,
                    bytes / 1024.0 / 1024.0, build.getValue().output().jars().size());
            assertTrue(bytes < LIMIT_BYTES, build.getKey() + ": " + bytes + " bytes unzipped");
        }));
    }

    @Test
    void theLocalGatewayRunsTheSameClassesAndJars() throws Exception {
        // What the gateway does at start: rebuild any function whose package is missing or stale.
        new FunctionBuilds(FunctionBuilds.localStartSteps(), Path.of(System.getProperty("java.home")),
                System.out::println).prepare(application.functions().values());

        for (var build : BUILDS.entrySet()) {
            FunctionPackage deployed = build.getValue().output();
            FunctionPackage local = FunctionPackage.of(application.functions().get(build.getKey()).codeUri());
            assertEquals(entries(deployed), entries(local), build.getKey());
        }
    }

    /** The zip entry names of a package with each file's size. */
    private static Set<String> entries(FunctionPackage pkg) throws IOException {
        Set<String> entries = new TreeSet<>();
        for (Path file : pkg.files()) {
            entries.add(pkg.entryName(file) + " " + Files.size(file));
        }
        return entries;
    }

    /** Keys that are equal for two copies of one artifact: its bytes, and its Maven coordinates when it has them. */
    private static List<String> identities(Path jar) throws Exception {
        List<String> keys = new ArrayList<>(coordinates(jar));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        keys.add("sha256:" + HexFormat.of().formatHex(sha256.digest(Files.readAllBytes(jar))));
        return keys;
    }

    /** group:artifact of the jar's own META-INF/maven pom.properties (one, or none for jars without it). */
    private static List<String> coordinates(Path jar) throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            var entries = file.stream().filter(e -> e.getName().startsWith("META-INF/maven/")
                    && e.getName().endsWith("/pom.properties")).toList();
            for (var entry : entries) {
                Properties pom = new Properties();
                try (InputStream in = file.getInputStream(entry)) {
                    pom.load(in);
                }
                found.add(pom.getProperty("groupId") + ":" + pom.getProperty("artifactId"));
            }
        }
        return found.size() == 1 ? found : List.of();
    }

    private static Set<String> testScopeDependencies(Path project) throws IOException {
        Set<String> artifacts = new TreeSet<>();
        Matcher dependency = TEST_DEPENDENCY.matcher(Files.readString(project.resolve("pom.xml")));
        while (dependency.find()) {
            artifacts.add(dependency.group(1).strip() + ":" + dependency.group(2).strip());
        }
        return artifacts;
    }
}
