package webchat.local.template;

import java.nio.file.Path;
import java.util.Map;

/**
 * An {@code AWS::Serverless::Function} (Globals merged) or {@code AWS::Lambda::Function}, resolved.
 *
 * @param functionName the physical name, {@code {stackName}-{logicalId}} unless the template sets FunctionName
 * @param codeUri      absolute path of the function's folder (a Maven project with target/classes)
 * @param handler      e.g. {@code webchat.connect.ConnectHandler::handleRequest}
 * @param environment  the template's Environment.Variables, resolved (AWS::NoValue entries dropped)
 * @param logFormat    LoggingConfig.LogFormat: {@code Text} or {@code JSON}
 * @param logLevel     LoggingConfig.ApplicationLogLevel, or null
 */
public record LambdaFunction(
        String logicalId,
        String functionName,
        Path codeUri,
        String handler,
        String runtime,
        Map<String, String> environment,
        int memoryMb,
        int timeoutSeconds,
        String logFormat,
        String logLevel) {}
