package webchat.sendmessage;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.paginators.ScanIterable;

/** Makes a mocked DynamoDB client answer Scan with the given pages, through the SDK's real paginator. */
final class ScanPages {

    private ScanPages() {
    }

    /** Pages of connection ids, rows without a name (as written before names existed). */
    @SafeVarargs
    static void stub(DynamoDbClient dynamoDb, List<String>... pages) {
        List<List<Map<String, AttributeValue>>> items = new ArrayList<>();
        for (List<String> page : pages) {
            items.add(page.stream().map(id -> Map.of("connectionId", AttributeValue.fromS(id))).toList());
        }
        stubItems(dynamoDb, items);
    }

    /** One page of rows with names: connection id to name. */
    static void stubNamed(DynamoDbClient dynamoDb, Map<String, String> names) {
        stubItems(dynamoDb, List.of(names.entrySet().stream()
                .map(row -> Map.of("connectionId", AttributeValue.fromS(row.getKey()),
                        "name", AttributeValue.fromS(row.getValue())))
                .toList()));
    }

    private static void stubItems(DynamoDbClient dynamoDb, List<List<Map<String, AttributeValue>>> pages) {
        when(dynamoDb.scanPaginator(any(ScanRequest.class)))
                .thenAnswer(call -> new ScanIterable(dynamoDb, call.getArgument(0)));
        List<ScanResponse> responses = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            var page = ScanResponse.builder().items(pages.get(i));
            if (i < pages.size() - 1) {
                page.lastEvaluatedKey(Map.of("connectionId", pages.get(i).getLast().get("connectionId")));
            }
            responses.add(page.build());
        }
        var answers = when(dynamoDb.scan(any(ScanRequest.class))).thenReturn(responses.getFirst());
        for (ScanResponse response : responses.subList(1, responses.size())) {
            answers = answers.thenReturn(response);
        }
    }
}
