package webchat.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One execution environment's share of its function's dynamic class data (AppCDS) archive, which lets a cold start
 * map the classes the last run loaded instead of parsing them again.
 *
 * <p>The function's archive is {@code target/webchat-local/function-<fingerprint>.jsa}, the fingerprint covering the
 * JDK and every class path file's size and time: the JDK rejects an archive whose class path changed and, with
 * {@code -XX:+AutoCreateSharedArchive}, does not replace it, so a rebuilt function gets a new name instead. Each JVM
 * runs with {@code -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=} its own hard link to that archive: it maps
 * the archive when valid and, when the archive is missing or unusable, writes a new one as it exits. The JDK deletes
 * the file name before writing, so a writer never touches the shared archive; once the JVM has stopped normally, the
 * pool moves a newly written file over the function's archive. Concurrent writers therefore never share a file and no
 * JVM ever maps a file still being written.
 */
final class SharedArchive {

    /** Options that mean the caller runs class data sharing (or an AOT cache) itself. */
    private static final List<String> CALLER_OWNED = List.of("-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
            "-XX:+AutoCreateSharedArchive", "-XX:-AutoCreateSharedArchive", "-XX:AOTCache", "-XX:AOTCacheOutput",
            "-XX:AOTConfiguration", "-XX:AOTMode", "-Xshare:");
    /** The first four bytes of a dynamic archive, in the platform's byte order. */
    private static final int DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;
    private static final long SMALLEST_ARCHIVE_BYTES = 4096;
    private static final String ENVIRONMENT_PREFIX = "environment-";
    private static final AtomicLong ENVIRONMENTS = new AtomicLong();

    private final Path archive;
    private final Path environmentFile;
    /** The environment file's identity (inode) when the JVM started, or null when there was no archive yet. */
    private final Object startKey;
    private final Consumer<String> console;

    private SharedArchive(Path archive, Path environmentFile, Object startKey, Consumer<String> console) {
        this.archive = archive;
        this.environmentFile = environmentFile;
        this.startKey = startKey;
        this.console = console;
    }

    /** False when the extra JVM options already choose an archive, an AOT cache or a sharing mode. */
    static boolean wanted(List<String> extraJvmOptions) {
        return extraJvmOptions.stream().noneMatch(option -> CALLER_OWNED.stream().anyMatch(option::startsWith));
    }

    /**
     * Links a new environment to the function's archive (if there is a sound one), after deleting what dead
     * environments and older builds left in {@code workDir}.
     *
     * @param classPath the JVM's class path entries; an entry ending in {@code *} stands for the folder's jars
     */
    static SharedArchive forNewEnvironment(Path workDir, Path javaHome, List<String> classPath,
            Consumer<String> console) throws IOException {
        Files.createDirectories(workDir);
        Path archive = workDir.resolve("function-" + fingerprint(javaHome, classPath) + ".jsa");
        deleteLeftovers(workDir, archive);
        if (Files.exists(archive) && !looksSound(archive)) {
            Files.deleteIfExists(archive);
            console.accept("Deleted the damaged class data archive " + archive + "; this environment's JVM writes a "
                    + "new one when it stops");
        }
        Path environmentFile = workDir.resolve(ENVIRONMENT_PREFIX + ProcessHandle.current().pid() + "-"
                + ENVIRONMENTS.incrementAndGet() + ".jsa");
        try {
            Files.createLink(environmentFile, archive);
        } catch (NoSuchFileException noArchiveYet) {
            // The JVM finds no archive, runs without one and writes it at exit.
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            copyIfPresent(archive, environmentFile);
        }
        return new SharedArchive(archive, environmentFile, fileKey(environmentFile), console);
    }

    /**
     * Options that map the archive and write a new one at exit when it is missing or unusable. The JDK's own class
     * data sharing messages are off: with {@code --enable-native-access} it prints three harmless "[error][cds]"
     * lines at every start that maps an archive, and a list of classes it skips when it writes one. The pool reports
     * an unusable archive itself, once the JVM that could not use it has written a new one.
     */
    List<String> jvmOptions() {
        return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + environmentFile, "-Xlog:cds=off");
    }

    /** The function's archive this environment shares. */
    Path archive() {
        return archive;
    }

    /**
     * Called once the JVM is gone: a file it wrote while stopping normally replaces the function's archive; anything
     * else (the JVM was killed, perhaps while writing) is deleted.
     */
    void environmentEnded(boolean stoppedNormally) {
        try {
            Object endKey = fileKey(environmentFile);
            boolean written = endKey != null && !endKey.equals(startKey);
            if (stoppedNormally && written && looksSound(environmentFile)) {
                Files.move(environmentFile, archive, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                if (startKey != null) {
                    console.accept("The JVM could not use the class data archive " + archive + " (damaged, or made "
                            + "by another JDK) and wrote a new one as it stopped");
                }
            } else {
                Files.deleteIfExists(environmentFile);
            }
        } catch (IOException e) {
            console.accept("Could not keep the class data archive " + environmentFile + ": " + e.getMessage());
        }
    }

    /**
     * Whether the file starts like a dynamic archive. A file that does not (empty, zeroed, cut short in its header)
     * makes the JDK give up class data sharing altogether, even its own base archive, and never write a new one.
     */
    static boolean looksSound(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && Files.size(file) >= SMALLEST_ARCHIVE_BYTES
                    && ByteBuffer.wrap(magic).order(ByteOrder.nativeOrder()).getInt() == DYNAMIC_ARCHIVE_MAGIC;
        } catch (IOException e) {
            return false;
        }
    }

    /** A digest of the JDK's identity and of each class path file's name, size and modification time. */
    static String fingerprint(Path javaHome, List<String> classPath) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(javaHome.resolve("lib").resolve("modules"));
        for (String entry : classPath) {
            if (entry.endsWith("*")) {
                Path folder = Path.of(entry.substring(0, entry.length() - 1));
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> jars = Files.list(folder)) {
                        jars.filter(jar -> jar.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                               .sorted().forEach(files::add);
                    }
                }
            } else {
                files.add(Path.of(entry));
            }
        }
        MessageDigest digest = sha256();
        for (Path file : files) {
            String size = Files.exists(file) ? Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis()
                    : "missing";
            digest.update((file.toAbsolutePath() + " " + size + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    /** Archives of older builds, and environment files of JVMs whose gateway is gone. */
    private static void deleteLeftovers(Path workDir, Path current) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(workDir, "*.jsa")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean olderBuild = name.startsWith("function-") && !file.equals(current);
                if (olderBuild || (name.startsWith(ENVIRONMENT_PREFIX) && !ownerAlive(name))) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static boolean ownerAlive(String environmentFileName) {
        String owner = environmentFileName.substring(ENVIRONMENT_PREFIX.length()).split("-", 2)[0];
        try {
            return ProcessHandle.of(Long.parseLong(owner)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void copyIfPresent(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
