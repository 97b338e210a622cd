package webchat.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's template passes cfn-lint with its informational checks ({@code --include-checks I}), which is what
 * {@code sam validate --lint} runs, plus the checks that ask stateful resources for deletion policies (I3011) and
 * java25 functions for SnapStart (I2530). cfn-lint is a Python tool: on a laptop without it the test is skipped with
 * the reason; in CI (CI=true) a missing cfn-lint fails it.
 */
class CfnLintTest {

    @Test
    void theProjectTemplateIsCleanUnderCfnLintIncludingInformationalChecks() throws Exception {
        Path cfnLint = cfnLint();
        List<String> findings = lint(cfnLint, Templates.projectTemplate());
        assertEquals(List.of(), findings, "cfn-lint findings on template.yaml");
    }

    @Test
    void cfnLintReallyReportsATableWithoutDeletionPolicy(@TempDir Path folder) throws Exception {
        Path cfnLint = cfnLint();
        // Without this, an empty finding list could mean the tool never looked at the template.
        Path template = Templates.write(folder, """
                AWSTemplateFormatVersion: '2010-09-09'
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                      KeySchema: [{AttributeName: id, KeyType: HASH}]
                      BillingMode: PAY_PER_REQUEST
                """);
        List<String> findings = lint(cfnLint, template);
        assertTrue(findings.stream().anyMatch(line -> line.startsWith("I3011")),
                "cfn-lint should ask for DeletionPolicy/UpdateReplacePolicy, said: " + findings);
    }

    private static List<String> lint(Path cfnLint, Path template) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(cfnLint.toString(), "--include-checks", "I", "--format", "parseable",
                "--", template.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("cfn-lint did not finish in 120 s");
        }
        // Exit codes are bit flags: 2 errors, 4 warnings, 8 informational; 1 is a crash of the tool itself.
        if (process.exitValue() == 1) {
            throw new AssertionError("cfn-lint failed to run:\n" + output);
        }
        List<String> findings = new ArrayList<>();
        for (String line : output.split("\n")) {
            // parseable format: path:line:column:endLine:endColumn:RULE:message
            String[] parts = line.split(":", 7);
            if (parts.length == 7) {
                findings.add(parts[5] + " " + parts[6] + " (line " + parts[1] + ")");
            }
        }
        return findings;
    }

    private static Path cfnLint() {
        Optional<Path> found = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                                .filter(dir -> !dir.isBlank()).map(Path::of),
                        Stream.of(Path.of(System.getProperty("user.home"), ".pyenv", "shims"),
                                Path.of(System.getProperty("user.home"), ".local", "bin")))
                .map(dir -> dir.resolve("cfn-lint"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String why = "cfn-lint is not installed (pip install cfn-lint): the template lint check needs it";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + why);
            }
            assumeTrue(false, why);
        }
        return found.get();
    }
}
