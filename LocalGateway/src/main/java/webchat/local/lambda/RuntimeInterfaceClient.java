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
        requireJar(config.ricDir(), UTILS_LITE_PREFIX, "software.amazon.awssdk:utils-lite (the client loads its "
                + "SdkInternalThreadLocal on every invocation)");
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

    /** {@code java <options> -cp <function classes, its dependencies, the client> AWSLambda <handler>}. */
    List<String> command(LambdaFunction function) {
        Path code = function.codeUri().resolve("target");
        int heapMb = Math.max(16, function.memoryMb() * 85 / 100);
        List<String> command = new ArrayList<>(List.of(
                config.javaHome().resolve("bin").resolve("java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-XX:MaxRAM=" + function.memoryMb() + "m", "-Xmx" + heapMb + "m",
                "--enable-native-access=ALL-UNNAMED",
                "-D" + NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary));
        command.addAll(config.extraJvmOptions());
        command.add("-cp");
        command.add(String.join(File.pathSeparator, code.resolve("classes").toString(),
                code.resolve("dependency").resolve("*").toString(), config.ricDir().resolve("*").toString()));
        command.add(MAIN_CLASS);
        command.add(function.handler());
        return command;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(nativeLibrary);
        Files.deleteIfExists(nativeLibraryDir);
    }

    private static Path clientJar(Path ricDir) throws IOException {
        return requireJar(ricDir, JAR_PREFIX, "the runtime interface client");
    }

    private static Path requireJar(Path ricDir, String prefix, String what) throws IOException {
        if (Files.isDirectory(ricDir)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(ricDir, prefix + "*.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        throw new IOException("No " + prefix + "*.jar in " + ricDir + ": the function JVMs need " + what
                + "; run `mvn generate-resources` in LocalGateway to copy it there");
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
