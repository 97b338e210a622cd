package webchat.local.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM template (YAML or JSON) into plain maps and lists, with the YAML short tags
 * ({@code !Ref}, {@code !Sub}, {@code !GetAtt}...) turned into their long forms ({@code {Ref: x}},
 * {@code {Fn::Sub: ...}}, {@code {Fn::GetAtt: [a, b]}}).
 */
final class TemplateReader {

    /** The short tags CloudFormation documents; any other local tag {@code !Name} becomes {@code Fn::Name}. */
    static final List<String> SHORT_TAGS = List.of(
            "Ref", "Condition", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or",
            "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue", "Transform");

    private TemplateReader() {}

    static Map<String, Object> read(Path templateFile) {
        try {
            String text = Files.readString(templateFile, StandardCharsets.UTF_8);
            return parse(text, templateFile.toString());
        } catch (IOException e) {
            throw new TemplateException("Cannot read template " + templateFile + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> parse(String text, String source) {
        Object document;
        try {
            document = text.stripLeading().startsWith("{") ? readJson(text) : readYaml(text);
        } catch (IOException | YAMLException e) {
            throw new TemplateException("Template " + source + " is not valid YAML or JSON: " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new TemplateException("Template " + source + " is not a mapping of sections (Resources...)");
        }
        return Values.stringKeyed(map);
    }

    private static Object readJson(String text) throws IOException {
        return new ObjectMapper().readValue(text, Object.class);
    }

    private static Object readYaml(String text) {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new CloudFormationConstructor(options));
        try (Reader reader = new java.io.StringReader(text)) {
            return yaml.load(reader);
        } catch (IOException e) {
            throw new YAMLException(e);
        }
    }

    /** SnakeYAML's safe constructor plus the intrinsic-function tags; timestamps stay strings. */
    private static final class CloudFormationConstructor extends SafeConstructor {

        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            var intrinsic = new ConstructIntrinsic();
            for (String name : SHORT_TAGS) {
                yamlConstructors.put(new Tag("!" + name), intrinsic);
            }
            yamlConstructors.put(null, intrinsic);
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }

        private final class ConstructIntrinsic extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                Object value = switch (node) {
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> new ArrayList<>(constructSequence(sequence));
                    case MappingNode mapping -> constructUntaggedMapping(mapping);
                    default -> throw new YAMLException("Unsupported YAML node " + node.getNodeId());
                };
                String tag = node.getTag().getValue();
                if (!tag.startsWith("!")) {
                    return value;
                }
                return longForm(tag.substring(1), value);
            }

            private Map<Object, Object> constructUntaggedMapping(MappingNode mapping) {
                flattenMapping(mapping);
                return new LinkedHashMap<>(constructMapping(mapping));
            }
        }
    }

    /** {@code !Name value} as CloudFormation's long form. */
    static Map<String, Object> longForm(String name, Object value) {
        var result = new LinkedHashMap<String, Object>();
        switch (name) {
            case "Ref", "Condition" -> result.put(name, value);
            case "GetAtt" -> result.put("Fn::GetAtt", value instanceof String dotted ? splitGetAtt(dotted) : value);
            default -> result.put("Fn::" + name, value);
        }
        return result;
    }

    private static Object splitGetAtt(String dotted) {
        int dot = dotted.indexOf('.');
        if (dot < 0) {
            return dotted;
        }
        return new ArrayList<>(List.of(dotted.substring(0, dot), dotted.substring(dot + 1)));
    }
}
