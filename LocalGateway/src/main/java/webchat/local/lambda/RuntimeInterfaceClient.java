package webchat.local.lambda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import webchat.local.build.FunctionPackage;
import webchat.local.template.LambdaFunction;

/**
 * The official Lambda runtime interface client as the function JVMs run it: its jars, its native library (extracted
 * once, because concurrent JVMs race on the client's own {@code /tmp/.libaws-lambda-jni.so}) and the command line.
 */
final class RuntimeInterfaceClient implements AutoCloseable {

    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String NATIVE_LIBRARY_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String JAR_PREFIX = "aws-lambda-java-runtime-interface-client-";
    private static final String UTILS_LITE_PREFIX = "utils-lite-";

    private final LambdaConfig config;
    private final Path nativeLibraryDir;
    private final Path nativeLibrary;

    private RuntimeInterfaceClient(LambdaConfig config, Path nativeLibraryDir, Path nativeLibrary) {
        this.config = config;
        this.nativeLibraryDir = nativeLibraryDir;
        this.nativeLibrary = nativeLibrary;
    }

    /** Finds the client jar in {@code config.ricDir()} and extracts this platform's native library from it. */
    static RuntimeInterfaceClient extract(LambdaConfig config) throws IOException {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new IOException("The Lambda runtime interface client runs on Linux only, not on "
                    + System.getProperty("os.name") + ": run the local gateway on Linux or in WSL");
        }
        Path jar = clientJar(config.ricDir());
        String entryName = "jni/libaws-lambda-jni." + platform() + ".so";
        Path dir = Files.createTempDirectory("webchat-lambda-jni");
        Path library = dir.resolve("libaws-lambda-jni.so");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new IOException(jar + " has no " + entryName + ": the runtime interface client does not "
                        + "support " + System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(library);
            Files.deleteIfExists(dir);
            throw e;
        }
        return new RuntimeInterfaceClient(config, dir, library);
    }

    /**
     * The class path entries: the function's classes (a jar, or target/classes), its dependencies, the client's jars.
     * An entry ending in {@code *} is a folder's jars, as {@code java -cp} reads it.
     */
    List<String> classPath(LambdaFunction function, Path functionClasses) {
        return List.of(functionClasses.toString(),
                FunctionPackage.of(function.codeUri()).lib().resolve("*").toString(),
                config.ricDir().resolve("*").toString());
    }

    /**
     * {@code java <Lambda's options> <archive options> <extra options> -cp <class path> AWSLambda <handler>}; Lambda's
     * options and their sources are in {@link JvmOptions}.
     */
    List<String> command(LambdaFunction function, List<String> classPath, List<String> archiveOptions) {
        List<String> command = new ArrayList<>();
        command.add(config.javaHome().resolve("bin").resolve("java").toString());
        command.addAll(JvmOptions.of(function));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-D" + NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary);
        command.addAll(archiveOptions);
        command.addAll(config.extraJvmOptions());
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(MAIN_CLASS);
        command.add(function.handler());
        return command;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(nativeLibrary);
        Files.deleteIfExists(nativeLibraryDir);
    }

    /**
     * The client loads the SDK's utils-lite on every invocation (for the trace id). Functions that use the AWS SDK
     * bring it in target/dependency; others need it next to the client.
     *
     * @throws IOException naming the missing jar, when neither place has it
     */
    void checkClassPath(LambdaFunction function) throws IOException {
        Path dependencies = FunctionPackage.of(function.codeUri()).lib();
        if (findJar(config.ricDir(), UTILS_LITE_PREFIX) == null && findJar(dependencies, UTILS_LITE_PREFIX) == null) {
            throw new IOException("Neither " + config.ricDir() + " nor " + dependencies + " has " + UTILS_LITE_PREFIX
                    + "*.jar, which the runtime interface client needs: copy software.amazon.awssdk:utils-lite to "
                    + "LocalGateway/target/ric, or rebuild " + function.codeUri() + " if the function uses the AWS SDK");
        }
    }

    private static Path clientJar(Path ricDir) throws IOException {
        Path jar = findJar(ricDir, JAR_PREFIX);
        if (jar == null) {
            throw new IOException("No " + JAR_PREFIX + "*.jar in " + ricDir
                    + ": run `mvn generate-resources` in LocalGateway to copy the runtime interface client there");
        }
        return jar;
    }

    private static Path findJar(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, prefix + "*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        return null;
    }

    /** The client's name for this platform: linux-x86_64, linux-aarch_64, linux_musl-x86_64, linux_musl-aarch_64. */
    static String platform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : "x86_64";
        return (isMusl() ? "linux_musl-" : "linux-") + cpu;
    }

    private static boolean isMusl() {
        try (DirectoryStream<Path> loaders = Files.newDirectoryStream(Path.of("/lib"), "ld-musl-*")) {
            return loaders.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
