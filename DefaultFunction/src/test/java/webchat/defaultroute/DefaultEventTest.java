package webchat.defaultroute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

class DefaultEventTest {

    @Test
    void theSampleDefaultEventGetsAnUnknownActionNoticeFromItsOwnStage() throws IOException {
        // given events/default.json as the Lambda runtime deserialises it ("sendmessage": wrong case)
        var event = Events.load("default.json");
        var managementApi = mock(ApiGatewayManagementApiClient.class);
        List<String> endpoints = new ArrayList<>();
        var handler = new DefaultHandler(new ManagementApis(endpoint -> {
            endpoints.add(endpoint);
            return managementApi;
        }, null));
        var context = mock(Context.class);
        when(context.getLogger()).thenReturn(new RecordingLogger());

        // when
        var response = handler.handleRequest(event, context);

        // then
        assertEquals(200, response.getStatusCode());
        assertEquals(List.of("https://abcdef1234.execute-api.us-east-1.amazonaws.com/dev"), endpoints);
        var post = ArgumentCaptor.forClass(PostToConnectionRequest.class);
        verify(managementApi).postToConnection(post.capture());
        assertEquals("Tq5nXfM9oAMCJcw=", post.getValue().connectionId());
        Map<String, Object> notice = JSON.std.mapFrom(post.getValue().data().asUtf8String());
        assertEquals("UNKNOWN_ACTION", notice.get("code"));
        assertEquals("sendmessage", notice.get("action"));
    }
}
