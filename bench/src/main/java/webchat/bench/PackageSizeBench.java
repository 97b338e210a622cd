package webchat.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import webchat.local.template.Application;
import webchat.local.template.LambdaFunction;
import webchat.local.template.TemplateLoader;
import webchat.local.template.TemplateOptions;

/**
 * Deployment package size per function: what {@code sam build} zips for a Maven function, i.e. target/classes plus
 * target/dependency/*.jar (runtime scope). Reports the unzipped total, the zip it makes, and the biggest jars.
 */
final class PackageSizeBench {

    private static final long TARGET_BYTES = 10L * 1024 * 1024;

    private final Bench bench;
    private final Report report;

    PackageSizeBench(Bench bench, Report report) {
        this.bench = bench;
        this.report = report;
    }

    void run() throws IOException {
        Application app = TemplateLoader.load(bench.projectRoot().resolve("template.yaml"), TemplateOptions.defaults());
        List<List<String>> rows = new ArrayList<>();
        for (LambdaFunction function : app.functions().values()) {
            Path target = function.codeUri().resolve("target");
            List<Path> files = packageFiles(target);
            long unzipped = 0;
            for (Path file : files) {
                unzipped += Files.size(file);
            }
            long zipped = zippedSize(target, files);
            String biggest = files.stream().filter(f -> f.toString().endsWith(".jar"))
                    .sorted(Comparator.comparingLong(PackageSizeBench::size).reversed()).limit(4)
                    .map(f -> f.getFileName() + " " + mb(size(f))).reduce((a, b) -> a + ", " + b).orElse("none");
            report.sample("size", function.logicalId(), "unzipped", unzipped, "bytes");
            report.sample("size", function.logicalId(), "zipped", zipped, "bytes");
            rows.add(List.of(function.logicalId(), Integer.toString(files.size()), mb(unzipped), mb(zipped),
                    unzipped < TARGET_BYTES ? "met" : "missed by " + mb(unzipped - TARGET_BYTES), biggest));
            bench.say(function.logicalId() + ": " + mb(unzipped) + " unzipped, " + mb(zipped) + " zipped");
        }
        report.section("## 3. Deployment package size\n\n"
                + "What `sam build` zips for each function: `target/classes` + `target/dependency/*.jar` (runtime "
                + "scope). The target (< 10 MB) is checked against the unzipped size, the stricter of the two. "
                + "Lambda's own limits are 50 MB zipped and 250 MB unzipped.\n\n"
                + Report.table(List.of("function", "files", "unzipped", "zipped", "target < 10 MB", "biggest jars"),
                rows));
    }

    private static List<Path> packageFiles(Path target) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(target.resolve("classes"), target.resolve("dependency"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile)
                            .filter(f -> dir.endsWith("classes") || f.toString().endsWith(".jar"))
                            .sorted().forEach(files::add);
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException(target + " holds no package: build the functions first (./webchat build)");
        }
        return files;
    }

    private static long zippedSize(Path target, List<Path> files) throws IOException {
        CountingStream counter = new CountingStream();
        try (ZipOutputStream zip = new ZipOutputStream(counter)) {
            for (Path file : files) {
                Path relative = target.relativize(file);
                String name = relative.startsWith("classes") ? target.resolve("classes").relativize(file).toString()
                        : "lib/" + file.getFileName();
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return counter.count;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1024.0 / 1024.0);
    }

    /** Counts the bytes of the zip without keeping them. */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
