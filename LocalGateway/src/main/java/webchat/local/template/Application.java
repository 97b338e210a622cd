package webchat.local.template;

import java.util.List;
import java.util.Map;

/**
 * What the local gateway runs from a SAM template: its WebSocket API, the Lambda functions it integrates with and
 * the DynamoDB tables, with every intrinsic already resolved.
 *
 * @param functions by logical id, in template order
 * @param warnings  one line for each thing in the template that runs differently locally or not at all, naming the
 *                  resource
 */
public record Application(
        String stackName,
        String region,
        String accountId,
        WebSocketApi api,
        Map<String, LambdaFunction> functions,
        List<Table> tables,
        List<String> warnings) {}
