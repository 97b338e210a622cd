package webchat.connect;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.concurrent.Callable;

/**
 * Priming's invocations, made by the Lambda Java runtime's own invocation code around a handler: the runtime interface
 * client's {@code EventHandlerLoader} wraps the handler (as it does at init), and each invocation goes in as the
 * client's {@code InvocationRequest} through that wrapper's {@code call}, which builds the runtime's
 * {@code LambdaContext}, reads the event with the runtime's serializer, calls the handler and writes its response, as
 * {@code AWSLambda.startRuntimeLoop} does for a served invocation (aws/aws-lambda-java-libs,
 * aws-lambda-java-runtime-interface-client 2.10.1, api/client/EventHandlerLoader.java and AWSLambda.java).
 *
 * <p>Why not call the handler directly: its compiled code then met only priming's own context class, and the first
 * real invocation loaded the runtime's {@code LambdaContext}, which threw out the code that had assumed one
 * implementation of {@code Context} (-Xlog:jit+compilation showed {@code EventLog.<init>} made not entrant at that
 * load), and ran the wrapper's code for the first time. Bench 2b, 2026-11-28, DefaultFunction, four environments
 * each, with -XX:+DisableExplicitGC: first invocation 2.11 ms that way, 1.39 ms this way.
 *
 * <p>The runtime's classes are reached by name (they are the runtime's, not the package's); {@code wrapPojoHandler} is
 * private and is opened by reflection. A runtime without it (another version of the client) still gets primed the way
 * before: the runtime's public serializers ({@code LambdaEventSerializers}) read each event and write each response,
 * and the handler is called directly with a context of priming's own; {@link #how} says which way it went.
 */
final class RuntimeInvocations {

    private static final String CLIENT = "com.amazonaws.services.lambda.runtime.api.client.";
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:priming";

    private final Invocation invocation;
    private final String how;

    private RuntimeInvocations(Invocation invocation, String how) {
        this.invocation = invocation;
        this.how = how;
    }

    /** One invocation: the event's bytes in, the response's bytes out. */
    private interface Invocation {
        byte[] invoke(String requestId, byte[] event, LambdaLogger logger) throws Exception;
    }

    /**
     * Invocations of {@code handler}, a {@code RequestHandler<eventType, responseType>}: through the runtime's wrapper
     * if the runtime has it, else directly through the runtime's serializers.
     *
     * @throws ReflectiveOperationException when the runtime has neither (no Lambda runtime on the class path)
     */
    static RuntimeInvocations of(RequestHandler<?, ?> handler, Class<?> eventType, Class<?> responseType)
            throws ReflectiveOperationException {
        try {
            return new RuntimeInvocations(wrapped(handler, eventType, responseType), "through the runtime's wrapper");
        } catch (Exception | LinkageError e) {
            LambdaRuntime.getLogger().log("SnapStart priming: the runtime's wrapper is not there (" + e
                    + "); priming calls the handler directly, through the runtime's serializers");
            return direct(handler, eventType, responseType, "the runtime's wrapper is not there: " + e);
        }
    }

    /** Invocations of {@code handler} straight through the runtime's serializers, because {@code why}. */
    static RuntimeInvocations direct(RequestHandler<?, ?> handler, Class<?> eventType, Class<?> responseType,
            String why) throws ReflectiveOperationException {
        return new RuntimeInvocations(directly(handler, eventType, responseType), "directly (" + why + ")");
    }

    /** How the invocations are made, for priming's log line. */
    String how() {
        return how;
    }

    /**
     * One invocation of {@code event} (the bytes the Runtime API would deliver), its log lines going to {@code logger};
     * returns the response bytes the runtime would post.
     */
    byte[] invoke(String requestId, byte[] event, LambdaLogger logger) throws Exception {
        try {
            return invocation.invoke(requestId, event, logger);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Invocation wrapped(RequestHandler<?, ?> handler, Class<?> eventType, Class<?> responseType)
            throws Exception {
        ClassLoader loader = RuntimeInvocations.class.getClassLoader();
        Method wrap = Class.forName(CLIENT + "EventHandlerLoader", true, loader)
                .getDeclaredMethod("wrapPojoHandler", RequestHandler.class, Type.class, Type.class);
        wrap.setAccessible(true);
        Object wrapper = wrap.invoke(null, handler, eventType, responseType);
        Class<?> requestType = Class.forName(CLIENT + "runtimeapi.dto.InvocationRequest", true, loader);
        Method call = Class.forName(CLIENT + "LambdaRequestHandler", true, loader).getMethod("call", requestType);
        Constructor<?> newRequest = requestType.getConstructor();
        Method setId = requestType.getMethod("setId", String.class);
        Method setContent = requestType.getMethod("setContent", byte[].class);
        Method setDeadline = requestType.getMethod("setDeadlineTimeInMs", long.class);
        Method setFunctionArn = requestType.getMethod("setInvokedFunctionArn", String.class);
        Method setTraceId = requestType.getMethod("setXrayTraceId", String.class);
        Class<?> contextType = Class.forName(CLIENT + "api.LambdaContext", true, loader);
        Field global = Class.forName("com.amazonaws.services.lambda.runtime.LambdaRuntime", true,
                contextType.getClassLoader()).getDeclaredField("logger");
        global.setAccessible(true);
        LambdaLogger probe = new LambdaLogger() {
            public void log(String message) { }
            public void log(byte[] message) { }
        };
        if (withLogger(global, probe, () -> contextLogger(contextType)) != probe) {
            throw new IllegalStateException("the runtime's LambdaContext does not take LambdaRuntime's logger");
        }
        return (requestId, event, logger) -> withLogger(global, logger, () -> {
            Object request = newRequest.newInstance();
            setId.invoke(request, requestId);
            setContent.invoke(request, (Object) event);
            setDeadline.invoke(request, System.currentTimeMillis() + 10_000);
            setFunctionArn.invoke(request, FUNCTION_ARN);
            setTraceId.invoke(request, "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
            return ((ByteArrayOutputStream) call.invoke(wrapper, request)).toByteArray();
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Invocation directly(RequestHandler<?, ?> handler, Class<?> eventType, Class<?> responseType)
            throws ReflectiveOperationException {
        ClassLoader loader = RuntimeInvocations.class.getClassLoader();
        Method serializerFor = Class.forName(
                "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers", true, loader)
                .getMethod("serializerFor", Class.class, ClassLoader.class);
        Object events = serializerFor.invoke(null, eventType, loader);
        Object responses = serializerFor.invoke(null, responseType, loader);
        Class<?> serializer = Class.forName("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
                true, loader);
        Method fromJson = serializer.getMethod("fromJson", InputStream.class);
        Method toJson = serializer.getMethod("toJson", Object.class, OutputStream.class);
        RequestHandler raw = handler;
        return (requestId, event, logger) -> {
            Object input = fromJson.invoke(events, new ByteArrayInputStream(event));
            var out = new ByteArrayOutputStream();
            toJson.invoke(responses, raw.handleRequest(input, context(requestId, logger)), out);
            return out.toByteArray();
        };
    }

    /** Priming's own Lambda context, for a runtime without the wrapper. */
    private static Context context(String requestId, LambdaLogger logger) {
        return new Context() {
            public String getAwsRequestId() { return requestId; }
            public String getLogGroupName() { return "priming"; }
            public String getLogStreamName() { return "priming"; }
            public String getFunctionName() { return "priming"; }
            public String getFunctionVersion() { return "priming"; }
            public String getInvokedFunctionArn() { return FUNCTION_ARN; }
            public CognitoIdentity getIdentity() { return null; }
            public ClientContext getClientContext() { return null; }
            public int getRemainingTimeInMillis() { return 10_000; }
            public int getMemoryLimitInMB() { return 512; }
            public LambdaLogger getLogger() { return logger; }
        };
    }

    /**
     * Runs {@code work} with the runtime's global logger ({@code LambdaRuntime.getLogger()}, field {@code global},
     * which every {@code LambdaContext} takes as its logger) replaced by {@code logger}, and puts the served one back
     * after. The runtime sets that field the same way at start (AWSLambda.setupRuntimeLogger). {@link #wrapped} checks
     * once that a new {@code LambdaContext} takes the replaced logger, and where it would not, priming goes the direct
     * way: priming's lines must never reach the function's log.
     */
    private static <T> T withLogger(Field global, LambdaLogger logger, Callable<T> work) throws Exception {
        Object served = global.get(null);
        global.set(null, logger);
        try {
            return work.call();
        } finally {
            global.set(null, served);
        }
    }

    /** The logger a new runtime {@code LambdaContext} takes. */
    private static Object contextLogger(Class<?> contextType) throws ReflectiveOperationException {
        for (Constructor<?> constructor : contextType.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            Object[] arguments = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == int.class) {
                    arguments[i] = 0;
                } else if (parameters[i] == long.class) {
                    arguments[i] = 0L;
                }
            }
            return contextType.getMethod("getLogger").invoke(constructor.newInstance(arguments));
        }
        throw new NoSuchMethodException(contextType.getName() + " has no public constructor");
    }
}
