package webchat.sendmessage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sample events: the repository's events/*.json read as the Lambda Java runtime reads them, or built in code. */
final class Events {

    static final String DOMAIN = "abcdef1234.execute-api.us-east-1.amazonaws.com";

    private Events() {
    }

    static APIGatewayV2WebSocketEvent load(String fileName) {
        try (InputStream json = Files.newInputStream(Path.of("..", "events", fileName))) {
            return LambdaEventSerializers
                    .serializerFor(APIGatewayV2WebSocketEvent.class, Events.class.getClassLoader())
                    .fromJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static APIGatewayV2WebSocketEvent message(String connectionId, String body) {
        return message(connectionId, body, DOMAIN, "dev");
    }

    static APIGatewayV2WebSocketEvent message(String connectionId, String body, String domainName, String stage) {
        var request = new APIGatewayV2WebSocketEvent.RequestContext();
        request.setRouteKey("sendMessage");
        request.setEventType("MESSAGE");
        request.setConnectionId(connectionId);
        request.setRequestId("req-" + connectionId);
        request.setStage(stage);
        request.setDomainName(domainName);
        var event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(request);
        event.setBody(body);
        return event;
    }
}
