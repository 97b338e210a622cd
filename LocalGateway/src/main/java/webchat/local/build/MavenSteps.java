package webchat.local.build;

import java.util.ArrayList;
import java.util.List;

/**
 * The Maven commands {@code sam build} runs for a Java function, copied from aws-lambda-builders 1.63.0,
 * {@code aws_lambda_builders/workflows/java_maven/maven.py} (SubprocessMaven.build and .copy_dependency), in the
 * order of {@code workflow.py} (JavaMavenWorkflow: CopySource, MavenBuild, MavenCopyDependency, MavenCopyArtifacts).
 *
 * @param skipTests add {@code -DskipTests} to the install step. The package does not depend on it (surefire writes
 *                  nothing into target/classes or target/dependency); {@code sam build} runs the tests, the local
 *                  start skips them so a chat does not wait for a test suite that {@code ./webchat test} runs anyway.
 * @param offline   add {@code -o}: every dependency is expected in the local repository already
 */
public record MavenSteps(boolean skipTests, boolean offline) {

    /** SubprocessMaven.build: {@code args = ["clean", "install"]}. */
    public static final List<String> INSTALL = List.of("clean", "install");

    /** SubprocessMaven.copy_dependency, with {@code include_scope = "runtime"}. */
    public static final List<String> COPY_DEPENDENCIES = List.of(
            "dependency:copy-dependencies", "-DincludeScope=runtime", "-Dmdep.prependGroupId=true");

    /** Exactly sam build's two steps: tests run, dependencies resolved as Maven is configured. */
    public static MavenSteps asSamBuild() {
        return new MavenSteps(false, false);
    }

    /** The install step's arguments (after the Maven executable). */
    public List<String> install() {
        return arguments(INSTALL, skipTests);
    }

    /** The copy-dependencies step's arguments (after the Maven executable). */
    public List<String> copyDependencies() {
        return arguments(COPY_DEPENDENCIES, false);
    }

    public MavenSteps online() {
        return new MavenSteps(skipTests, false);
    }

    private List<String> arguments(List<String> step, boolean withoutTests) {
        // -B (batch mode) only takes colours and download progress out of the log the user may be shown.
        List<String> arguments = new ArrayList<>(List.of("-B"));
        if (offline) {
            arguments.add("-o");
        }
        arguments.addAll(step);
        if (withoutTests) {
            arguments.add("-DskipTests");
        }
        return arguments;
    }
}
