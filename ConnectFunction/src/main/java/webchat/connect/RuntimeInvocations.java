package webchat.connect;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.concurrent.Callable;

/**
 * Priming's invocations, made by the Lambda Java runtime's own invocation code around the serving handler: the runtime
 * interface client's {@code EventHandlerLoader} wraps the handler (as it does at init), and each invocation goes in as
 * the client's {@code InvocationRequest} through that wrapper's {@code call}, which builds the runtime's
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
 * private and is opened by reflection, which the client itself does to its own dependencies. Where any of it is
 * missing, {@link #of} throws and priming is skipped with a log line.
 */
final class RuntimeInvocations {

    private static final String CLIENT = "com.amazonaws.services.lambda.runtime.api.client.";

    private final Object wrapped;
    private final Method call;
    private final Constructor<?> newRequest;
    private final Method setId;
    private final Method setContent;
    private final Method setDeadline;
    private final Method setFunctionArn;
    private final Method setTraceId;

    private RuntimeInvocations(Object wrapped, Class<?> requestType, Method call) throws NoSuchMethodException {
        this.wrapped = wrapped;
        this.call = call;
        this.newRequest = requestType.getConstructor();
        this.setId = requestType.getMethod("setId", String.class);
        this.setContent = requestType.getMethod("setContent", byte[].class);
        this.setDeadline = requestType.getMethod("setDeadlineTimeInMs", long.class);
        this.setFunctionArn = requestType.getMethod("setInvokedFunctionArn", String.class);
        this.setTraceId = requestType.getMethod("setXrayTraceId", String.class);
    }

    /** The runtime's wrapper around {@code handler}, a {@code RequestHandler<eventType, responseType>}. */
    static RuntimeInvocations of(RequestHandler<?, ?> handler, Class<?> eventType, Class<?> responseType)
            throws ReflectiveOperationException {
        ClassLoader loader = RuntimeInvocations.class.getClassLoader();
        Method wrap = Class.forName(CLIENT + "EventHandlerLoader", true, loader)
                .getDeclaredMethod("wrapPojoHandler", RequestHandler.class, Type.class, Type.class);
        wrap.setAccessible(true);
        Object wrapped = wrap.invoke(null, handler, eventType, responseType);
        Class<?> requestType = Class.forName(CLIENT + "runtimeapi.dto.InvocationRequest", true, loader);
        Method call = Class.forName(CLIENT + "LambdaRequestHandler", true, loader).getMethod("call", requestType);
        return new RuntimeInvocations(wrapped, requestType, call);
    }

    /**
     * One invocation of {@code event} (the bytes the Runtime API would deliver); returns the response bytes the
     * runtime would post.
     */
    byte[] invoke(String requestId, byte[] event) throws Exception {
        Object request = newRequest.newInstance();
        setId.invoke(request, requestId);
        setContent.invoke(request, (Object) event);
        setDeadline.invoke(request, System.currentTimeMillis() + 10_000);
        setFunctionArn.invoke(request, "arn:aws:lambda:us-east-1:000000000000:function:priming");
        setTraceId.invoke(request, "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        try {
            return ((ByteArrayOutputStream) call.invoke(wrapped, request)).toByteArray();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Runs {@code work} with the runtime's global logger ({@code LambdaRuntime.getLogger()}, which every
     * {@code LambdaContext} takes as its logger) replaced by {@code logger}, and puts the served one back after. The
     * runtime sets that field the same way at start (AWSLambda.startRuntime). Throws, leaving the field as it was,
     * if the runtime's context would not log to {@code logger}: priming's lines must never reach the function's log.
     */
    static <T> T withLogger(LambdaLogger logger, Callable<T> work) throws Exception {
        ClassLoader loader = RuntimeInvocations.class.getClassLoader();
        Class<?> contextType = Class.forName(CLIENT + "api.LambdaContext", true, loader);
        Field global = Class.forName("com.amazonaws.services.lambda.runtime.LambdaRuntime", true,
                contextType.getClassLoader()).getDeclaredField("logger");
        global.setAccessible(true);
        Object served = global.get(null);
        global.set(null, logger);
        try {
            if (contextLogger(contextType) != logger) {
                throw new IllegalStateException("the runtime's LambdaContext does not take the replaced logger");
            }
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
