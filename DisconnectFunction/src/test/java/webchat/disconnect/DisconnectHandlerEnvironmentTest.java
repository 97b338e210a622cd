package webchat.disconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The no-arg constructor Lambda calls reaches DynamoDB through the SDK's own endpoint setting. */
class DisconnectHandlerEnvironmentTest {

    private final FakeDynamoDb dynamoDb = new FakeDynamoDb();

    @AfterEach
    void stop() {
        System.clearProperty("aws.endpointUrlDynamoDb");
        dynamoDb.close();
    }

    @Test
    void theLambdaConstructorReachesDynamoDbAtTheEndpointTheSdkSettingNames() {
        // given
        System.setProperty("aws.endpointUrlDynamoDb", dynamoDb.endpoint());
        var handler = new DisconnectHandler();
        var context = mock(Context.class);
        var logger = new RecordingLogger();
        when(context.getLogger()).thenReturn(logger);

        // when
        var response = handler.handleRequest(Events.disconnect("EnvTest0001="), context);

        // then
        assertEquals(200, response.getStatusCode(), () -> String.join("\n", logger.lines()));
        assertEquals(List.of("DynamoDB_20120810.DeleteItem"), dynamoDb.operations());
    }
}
