package webchat.local.build;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Finds the Maven executable as aws-lambda-builders' MavenResolver does: {@code mvn} on the PATH. */
final class Maven {

    private Maven() {}

    /**
     * The system property {@code webchat.mvn} when set, else the first {@code mvn} on the PATH.
     *
     * @throws BuildException when there is none
     */
    static String executable() throws BuildException {
        String configured = System.getProperty("webchat.mvn");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows") ? "mvn.cmd" : "mvn";
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir).resolve(name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new BuildException("Apache Maven (mvn) is not on the PATH, and the template's Java functions need it to "
                + "be built: install Maven 3.8 or newer");
    }
}
