package webchat.local;

import java.nio.file.Path;

/** Where the project is, as surefire tells the tests. */
final class TestPaths {

    private TestPaths() {}

    static Path projectRoot() {
        return Path.of(System.getProperty("webchat.projectRoot", "..")).toAbsolutePath().normalize();
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
