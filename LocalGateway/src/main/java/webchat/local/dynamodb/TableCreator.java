package webchat.local.dynamodb;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import webchat.local.template.Table;

/**
 * Creates a template's tables in a local DynamoDB-compatible server from their CloudFormation properties. Keys and
 * indexes are honoured; what the local server lacks (TTL, streams, encryption) is reported as a warning.
 */
public final class TableCreator {

    private static final ProvisionedThroughput LOCAL_THROUGHPUT =
            ProvisionedThroughput.builder().readCapacityUnits(1000L).writeCapacityUnits(1000L).build();

    private TableCreator() {}

    /** A client for a local endpoint with dummy credentials (never the developer's real ones). */
    public static DynamoDbClient localClient(URI endpoint, String region) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates each table that does not exist yet; warnings go to {@code warn}. */
    public static void createAll(DynamoDbClient dynamoDb, List<Table> tables, Consumer<String> warn) {
        for (Table table : tables) {
            try {
                dynamoDb.createTable(createRequest(table));
            } catch (ResourceInUseException exists) {
                continue;
            }
            enableTtl(dynamoDb, table, warn);
            if (table.properties().containsKey("StreamSpecification")) {
                warn.accept("Table " + table.logicalId() + ": DynamoDB Streams are not emulated locally");
            }
        }
    }

    static CreateTableRequest createRequest(Table table) {
        Map<String, Object> p = table.properties();
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(table.tableName())
                .attributeDefinitions(maps(p.get("AttributeDefinitions")).stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName(string(a, "AttributeName"))
                                .attributeType(string(a, "AttributeType")).build())
                        .toList())
                .keySchema(keySchema(p.get("KeySchema")))
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(LOCAL_THROUGHPUT);
        List<Map<String, Object>> gsis = maps(p.get("GlobalSecondaryIndexes"));
        if (!gsis.isEmpty()) {
            request.globalSecondaryIndexes(gsis.stream().map(g -> GlobalSecondaryIndex.builder()
                    .indexName(string(g, "IndexName"))
                    .keySchema(keySchema(g.get("KeySchema")))
                    .projection(projection(g.get("Projection")))
                    .provisionedThroughput(LOCAL_THROUGHPUT).build()).toList());
        }
        List<Map<String, Object>> lsis = maps(p.get("LocalSecondaryIndexes"));
        if (!lsis.isEmpty()) {
            request.localSecondaryIndexes(lsis.stream().map(l -> LocalSecondaryIndex.builder()
                    .indexName(string(l, "IndexName"))
                    .keySchema(keySchema(l.get("KeySchema")))
                    .projection(projection(l.get("Projection"))).build()).toList());
        }
        return request.build();
    }

    private static void enableTtl(DynamoDbClient dynamoDb, Table table, Consumer<String> warn) {
        if (!(table.properties().get("TimeToLiveSpecification") instanceof Map<?, ?> ttl)
                || !Boolean.parseBoolean(String.valueOf(ttl.get("Enabled")))) {
            return;
        }
        String attribute = String.valueOf(ttl.get("AttributeName"));
        try {
            dynamoDb.updateTimeToLive(r -> r.tableName(table.tableName()).timeToLiveSpecification(
                    TimeToLiveSpecification.builder().attributeName(attribute).enabled(true).build()));
        } catch (DynamoDbException unsupported) {
            warn.accept("Table " + table.logicalId() + ": the local DynamoDB server has no TTL; items with "
                    + attribute + " in the past are not deleted locally");
        }
    }

    private static List<KeySchemaElement> keySchema(Object value) {
        return maps(value).stream().map(k -> KeySchemaElement.builder()
                .attributeName(string(k, "AttributeName"))
                .keyType(string(k, "KeyType")).build()).toList();
    }

    private static Projection projection(Object value) {
        if (!(value instanceof Map<?, ?> projection)) {
            return Projection.builder().projectionType("ALL").build();
        }
        Projection.Builder builder = Projection.builder()
                .projectionType(projection.get("ProjectionType") == null ? "ALL" : projection.get("ProjectionType").toString());
        if (projection.get("NonKeyAttributes") instanceof List<?> attributes) {
            builder.nonKeyAttributes(attributes.stream().map(String::valueOf).toList());
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
        }
        return List.of();
    }

    private static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("table property " + key + " is missing in " + map);
        }
        return value.toString();
    }
}
