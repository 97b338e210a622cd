package webchat.local.template;

import java.nio.file.Path;
import java.util.Map;

/**
 * An {@code AWS::Serverless::Function} (Globals merged) or {@code AWS::Lambda::Function}, resolved.
 *
 * @param functionName the physical name, {@code {stackName}-{logicalId}} unless the template sets FunctionName
 * @param codeUri      absolute path of the function's folder (a Maven project with target/classes)
 * @param handler      e.g. {@code webchat.connect.ConnectHandler} or {@code a.B::handleRequest}
 * @param environment  the template's Environment.Variables, resolved (AWS::NoValue entries dropped)
 * @param logFormat    LoggingConfig.LogFormat: {@code Text} or {@code JSON}
 * @param logLevel     LoggingConfig.ApplicationLogLevel, or null
 * @param snapStart    {@code SnapStart: ApplyOn: PublishedVersions} (from the function or Globals): the version the
 *                     alias points at is restored from a snapshot taken after init
 * @see <a href="https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-snapstart">SAM SnapStart property</a>
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
        String logLevel,
        boolean snapStart) {

    /** A function without SnapStart. */
    public LambdaFunction(String logicalId, String functionName, Path codeUri, String handler, String runtime,
            Map<String, String> environment, int memoryMb, int timeoutSeconds, String logFormat, String logLevel) {
        this(logicalId, functionName, codeUri, handler, runtime, environment, memoryMb, timeoutSeconds, logFormat,
                logLevel, false);
    }

    /** This function with SnapStart on or off. */
    public LambdaFunction withSnapStart(boolean on) {
        return new LambdaFunction(logicalId, functionName, codeUri, handler, runtime, environment, memoryMb,
                timeoutSeconds, logFormat, logLevel, on);
    }
}
