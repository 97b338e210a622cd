package webchat.defaultroute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultEventTest {

    @Test
    void theSampleDefaultEventIsAnsweredWithAnUnknownActionNoticeAsItsRouteResponse() throws IOException {
        // given events/default.json as the Lambda runtime deserialises it ("sendmessage": wrong case)
        var event = Events.load("default.json");
        var context = mock(Context.class);
        when(context.getLogger()).thenReturn(new RecordingLogger());

        // when
        var response = new DefaultHandler().handleRequest(event, context);

        // then
        assertEquals(200, response.getStatusCode());
        Map<String, Object> notice = JSON.std.mapFrom(response.getBody());
        assertEquals("UNKNOWN_ACTION", notice.get("code"));
        assertEquals("sendmessage", notice.get("action"));
    }
}
