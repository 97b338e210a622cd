package webchat.local.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test helpers: templates written inline, fixture templates, and the project's own template.yaml. */
final class Templates {

    static final String API_ID = "abcde12345";

    private Templates() {}

    static Path write(Path folder, String text) {
        try {
            return Files.writeString(folder.resolve("template.yaml"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path fixture(String name) {
        try {
            return Path.of(Templates.class.getResource("/templates/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path projectTemplate() {
        return Path.of(System.getProperty("webchat.projectRoot", "..")).resolve("template.yaml");
    }

    static TemplateOptions options() {
        return TemplateOptions.defaults().withApiId(API_ID);
    }

    static TemplateOptions options(Map<String, String> overrides) {
        return options().withParameterOverrides(overrides);
    }

    /** A template of one resource whose Properties are given, plus any sections before Resources. */
    static String withProperties(String sections, String properties) {
        return sections + "\nResources:\n  Thing:\n    Type: Custom::Thing\n    Properties:\n"
                + properties.indent(6);
    }
}
