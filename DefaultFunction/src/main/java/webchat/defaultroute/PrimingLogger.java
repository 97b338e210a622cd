package webchat.defaultroute;

import static java.util.Objects.requireNonNullElse;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogFormat;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * The logger of priming's invocations: the Lambda runtime's own logger class, with the level and format the runtime
 * reads from AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_FORMAT, writing to a sink that drops every line. Each priming log
 * line then runs what a served one runs (the level filter and the JSON formatter, with its Gson serializer and date
 * formatting) and goes nowhere. With a logger that merely dropped lines, a restored environment's first line ran
 * that formatter in the interpreter, and so did the next few invocations' (bench 2b, 2026-11-28: DefaultFunction's
 * first invocation 5.25 against 4.41 ms, warm 0.99 against 0.60, eight environments each).
 *
 * <p>The runtime's classes are reached by name: they are on the runtime's class path, not the package's
 * (aws/aws-lambda-java-libs, aws-lambda-java-runtime-interface-client 2.10.1, api/client/logging/LambdaContextLogger
 * and LogSink; AWSLambda.initLogger builds the serving logger the same way). Where they are missing (a unit test, a
 * runtime that changed them) priming logs to a logger that drops lines, as before.
 */
final class PrimingLogger {

    private static final String LOGGING = "com.amazonaws.services.lambda.runtime.api.client.logging.";

    private PrimingLogger() {
    }

    static LambdaLogger create() {
        try {
            return runtimeLogger(line -> { });
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new LambdaLogger() {
                public void log(String message) { }
                public void log(byte[] message) { }
            };
        }
    }

    /** The runtime's LambdaContextLogger over a sink that hands each formatted line to {@code lines}. */
    static LambdaLogger runtimeLogger(Consumer<byte[]> lines) throws ReflectiveOperationException {
        ClassLoader loader = PrimingLogger.class.getClassLoader();
        Class<?> sinkType = Class.forName(LOGGING + "LogSink", true, loader);
        Object sink = Proxy.newProxyInstance(loader, new Class<?>[] {sinkType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "priming's log sink";
                    case "log" -> {
                        lines.accept((byte[]) args[args.length - 1]);
                        yield null;
                    }
                    default -> null;
                });
        return (LambdaLogger) Class.forName(LOGGING + "LambdaContextLogger", true, loader)
                .getConstructor(sinkType, LogLevel.class, LogFormat.class)
                .newInstance(sink,
                        // as the runtime's LambdaEnvironment reads them, with its defaults
                        LogLevel.fromString(requireNonNullElse(System.getenv("AWS_LAMBDA_LOG_LEVEL"), "UNDEFINED")),
                        LogFormat.fromString(requireNonNullElse(System.getenv("AWS_LAMBDA_LOG_FORMAT"), "TEXT")));
    }
}
