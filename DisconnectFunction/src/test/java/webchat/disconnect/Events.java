package webchat.disconnect;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sample events: the repository's events/*.json read as the Lambda Java runtime reads them, or built in code. */
final class Events {

    private Events() {
    }

    /** Skips the calling test where the function folder is built alone, as `sam build` does in a scratch copy. */
    static APIGatewayV2WebSocketEvent load(String fileName) {
        Path file = Path.of("..", "events", fileName);
        assumeTrue(Files.isRegularFile(file), "no ../events/ beside this folder (built alone, as sam build does)");
        try (InputStream json = Files.newInputStream(file)) {
            return LambdaEventSerializers
                    .serializerFor(APIGatewayV2WebSocketEvent.class, Events.class.getClassLoader())
                    .fromJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static APIGatewayV2WebSocketEvent disconnect(String connectionId) {
        var request = new APIGatewayV2WebSocketEvent.RequestContext();
        request.setRouteKey("$disconnect");
        request.setEventType("DISCONNECT");
        request.setConnectionId(connectionId);
        request.setRequestId("req-" + connectionId);
        request.setStage("dev");
        request.setDomainName("abcdef1234.execute-api.us-east-1.amazonaws.com");
        var event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(request);
        return event;
    }
}
