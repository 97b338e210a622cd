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

    @SafeVarargs
    static void stub(DynamoDbClient dynamoDb, List<String>... pages) {
        when(dynamoDb.scanPaginator(any(ScanRequest.class)))
                .thenAnswer(call -> new ScanIterable(dynamoDb, call.getArgument(0)));
        List<ScanResponse> responses = new ArrayList<>();
        for (int i = 0; i < pages.length; i++) {
            var page = ScanResponse.builder()
                    .items(pages[i].stream().map(id -> Map.of("connectionId", AttributeValue.fromS(id))).toList());
            if (i < pages.length - 1) {
                page.lastEvaluatedKey(Map.of("connectionId", AttributeValue.fromS(pages[i].getLast())));
            }
            responses.add(page.build());
        }
        var answers = when(dynamoDb.scan(any(ScanRequest.class))).thenReturn(responses.getFirst());
        for (ScanResponse response : responses.subList(1, responses.size())) {
            answers = answers.thenReturn(response);
        }
    }
}
