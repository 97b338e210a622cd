package webchat.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The no-arg constructor Lambda calls: clients come from the environment (AWS_REGION, TABLE_NAME and dummy
 * credentials are set by surefire) and DynamoDB is reached through the SDK's own endpoint setting, the system
 * property twin of AWS_ENDPOINT_URL_DYNAMODB, which a code-level endpointOverride would silently win over.
 */
class ConnectHandlerEnvironmentTest {

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
        var handler = new ConnectHandler();
        var context = mock(Context.class);
        var logger = new RecordingLogger();
        when(context.getLogger()).thenReturn(logger);

        // when
        var response = handler.handleRequest(Events.connect("EnvTest0001=", 1764104929012L), context);

        // then
        assertEquals(200, response.getStatusCode(), () -> String.join("\n", logger.lines()));
        assertEquals(List.of("DynamoDB_20120810.PutItem"), dynamoDb.operations());
        assertTrue(dynamoDb.bodies().getFirst().contains("\"TableName\":\"" + System.getenv("TABLE_NAME") + "\""));
        assertTrue(dynamoDb.bodies().getFirst().contains("EnvTest0001="));
    }
}
