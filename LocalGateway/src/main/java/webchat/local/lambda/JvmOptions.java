package webchat.local.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import webchat.local.template.LambdaFunction;

/**
 * The JVM options the Lambda Java runtime starts a function with, for one function. A function's own
 * {@code JAVA_TOOL_OPTIONS} (template Environment) reaches its JVM through the environment, as on Lambda; where it
 * sets the same setting as one of these, it wins (the JVM reads JAVA_TOOL_OPTIONS before the command line, so the
 * option is left off the command line rather than overriding it).
 *
 * <p>Sources. The java17 runtime's command line, as read from /proc inside Lambda (public dump in the repository
 * sigpwned/the-lambda-iceberg-dissecting-the-official-java-runtimes, data/17/512.txt and data/17/1024.txt):
 * {@code -XX:MaxHeapSize=445645k} at 512 MB and {@code 891289k} at 1024 MB (85 % of MemorySize),
 * {@code -XX:+UseSerialGC -Xshare:on -XX:SharedArchiveFile=... -XX:+TieredCompilation -XX:TieredStopAtLevel=1
 * --add-opens=java.base/java.io=ALL-UNNAMED -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac
 * -XX:+ErrorFileToStderr}. No such dump of java25 is public; for java25 the AWS page "Customize Java runtime startup
 * behavior" (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html) says tiered compilation still
 * stops at level 1 by default, except with SnapStart or provisioned concurrency, which get the JVM's default tiered
 * compilation.
 */
final class JvmOptions {

    /** Lambda's heap: 85 % of MemorySize (445645k at 512 MB in the java17 dump). */
    static final int HEAP_PERCENT_OF_MEMORY = 85;
    /**
     * Makes {@code org.crac.Core.getGlobalContext()} (io.github.crac:org-crac) register hooks with the runtime
     * client's own context: org.crac's {@code org.crac.impl.Proxy} reads this property in its static initializer and
     * loads {@code <package>.Core}, {@code .Context}, {@code .Resource} from it; every {@code register(resource)}
     * then wraps the resource in a reflective proxy of {@code com.amazonaws.services.lambda.crac.Resource} and
     * registers it with {@code com.amazonaws.services.lambda.crac.Core.getGlobalContext()}, whose
     * {@code beforeCheckpoint}/{@code afterRestore} the runtime client's {@code AWSLambda.onInitComplete} calls in
     * snap-start mode. Without it org.crac finds no implementation (no javax.crac/jdk.crac in the JDK) and
     * {@code register} silently does nothing. Sources: CRaC/org.crac src/main/java/org/crac/impl/Proxy.java and
     * GlobalContextWrapper.java; aws/aws-lambda-java-libs aws-lambda-java-runtime-interface-client/src/main/java/
     * com/amazonaws/services/lambda/crac/ContextImpl.java and .../runtime/api/client/AWSLambda.java.
     */
    static final String CRAC_COMPAT = "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac";

    private static final Pattern SETS_TIERED = Pattern.compile("-XX:[+-]?Tiered(Compilation|StopAtLevel)");
    private static final Pattern SETS_HEAP = Pattern.compile("-XX:MaxHeapSize=|-Xmx");
    private static final Pattern SETS_GC = Pattern.compile("-XX:\\+Use\\w*GC");

    private JvmOptions() {}

    /** The options for this function's JVMs, before the class data archive's and the gateway's extra options. */
    static List<String> of(LambdaFunction function) {
        String own = function.environment().getOrDefault("JAVA_TOOL_OPTIONS", "");
        List<String> options = new ArrayList<>();
        if (!SETS_HEAP.matcher(own).find()) {
            options.add("-XX:MaxHeapSize=" + heapKilobytes(function.memoryMb()) + "k");
        }
        if (!SETS_GC.matcher(own).find()) {
            options.add("-XX:+UseSerialGC");
        }
        if (!SETS_TIERED.matcher(own).find() && !function.snapStart()) {
            // On-demand: C1 only. SnapStart: the JVM's default tiered compilation (C2 warms up before the snapshot).
            options.add("-XX:+TieredCompilation");
            options.add("-XX:TieredStopAtLevel=1");
        }
        // The local JVM cannot see a microVM of MemorySize: cap what its ergonomics size from (code cache, metaspace).
        options.add("-XX:MaxRAM=" + function.memoryMb() + "m");
        options.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        options.add(CRAC_COMPAT);
        options.add("-XX:+ErrorFileToStderr");
        return options;
    }

    static long heapKilobytes(int memoryMb) {
        return Math.max(16 * 1024, memoryMb * 1024L * HEAP_PERCENT_OF_MEMORY / 100);
    }
}
