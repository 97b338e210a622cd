package webchat.local.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code AWS::DynamoDB::Table} resources, and {@code AWS::Serverless::SimpleTable} ones converted to the
 * same CloudFormation shape (PrimaryKey to AttributeDefinitions and KeySchema).
 *
 * @see <a href="https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-simpletable.html">AWS::Serverless::SimpleTable</a>
 */
final class TableReader {

    private static final Map<String, String> ATTRIBUTE_TYPES = Map.of("String", "S", "Number", "N", "Binary", "B");

    private final ResolvedTemplate template;

    TableReader(ResolvedTemplate template) {
        this.template = template;
    }

    List<Table> read() {
        return template.resources().values().stream()
                .filter(resource -> ResourceNames.TABLE_TYPES.contains(resource.type()))
                .map(this::table)
                .toList();
    }

    private Table table(TemplateResource resource) {
        String name = resource.text("TableName").orElse(template.stackName() + "-" + resource.logicalId());
        Map<String, Object> properties = resource.is("AWS::Serverless::SimpleTable")
                ? fromSimpleTable(resource.properties())
                : resource.properties();
        return new Table(resource.logicalId(), name, properties);
    }

    private static Map<String, Object> fromSimpleTable(Map<String, Object> simple) {
        String keyName = Values.string(simple, "PrimaryKey", "Name").orElse("id");
        String keyType = Values.string(simple, "PrimaryKey", "Type").orElse("String");
        var properties = new LinkedHashMap<String, Object>();
        Values.at(simple, "TableName").ifPresent(name -> properties.put("TableName", name));
        properties.put("AttributeDefinitions", List.of(Map.of(
                "AttributeName", keyName, "AttributeType", ATTRIBUTE_TYPES.getOrDefault(keyType, keyType))));
        properties.put("KeySchema", List.of(Map.of("AttributeName", keyName, "KeyType", "HASH")));
        Values.at(simple, "ProvisionedThroughput").ifPresentOrElse(
                throughput -> properties.put("ProvisionedThroughput", throughput),
                () -> properties.put("BillingMode", "PAY_PER_REQUEST"));
        Values.at(simple, "SSESpecification").ifPresent(sse -> properties.put("SSESpecification", sse));
        return properties;
    }
}
