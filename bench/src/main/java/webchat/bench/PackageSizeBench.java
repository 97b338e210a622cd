package webchat.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import webchat.local.build.FunctionPackage;
import webchat.local.build.MavenSteps;
import webchat.local.build.ScratchBuild;
import webchat.local.template.Application;
import webchat.local.template.LambdaFunction;
import webchat.local.template.TemplateLoader;
import webchat.local.template.TemplateOptions;

/**
 * Deployment package size per function, measured on the package {@code sam build} makes: the function's folder
 * alone in a scratch copy, {@code mvn clean install}, {@code mvn dependency:copy-dependencies -DincludeScope=runtime
 * -Dmdep.prependGroupId=true} (aws-lambda-builders, {@code aws_lambda_builders/workflows/java_maven/maven.py}), and
 * {@code target/classes} + {@code target/dependency} as the package root and {@code lib/} ({@link ScratchBuild}).
 * Reports the unzipped total, the zip it makes, and the biggest jars.
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
        Path javaHome = Path.of(System.getProperty("java.home"));
        for (LambdaFunction function : app.functions().values()) {
            bench.say(function.logicalId() + ": building as sam build does (scratch copy, mvn clean install, "
                    + "copy-dependencies)...");
            try (ScratchBuild build = ScratchBuild.run(function.logicalId(), function.codeUri(),
                    new MavenSteps(false, true), javaHome)) {
                FunctionPackage pkg = build.output();
                List<Path> files = pkg.files();
                long unzipped = pkg.unzippedBytes();
                long zipped = zippedSize(pkg, files);
                String biggest = pkg.jars().stream()
                        .sorted(Comparator.comparingLong(PackageSizeBench::size).reversed()).limit(4)
                        .map(f -> f.getFileName() + " " + mb(size(f))).reduce((a, b) -> a + ", " + b).orElse("none");
                report.sample("size", function.logicalId(), "unzipped", unzipped, "bytes");
                report.sample("size", function.logicalId(), "zipped", zipped, "bytes");
                rows.add(List.of(function.logicalId(), Integer.toString(files.size()),
                        Integer.toString(pkg.jars().size()), mb(unzipped), mb(zipped),
                        unzipped < TARGET_BYTES ? "met" : "missed by " + mb(unzipped - TARGET_BYTES), biggest));
                bench.say(function.logicalId() + ": " + mb(unzipped) + " unzipped, " + mb(zipped) + " zipped");
            }
        }
        report.section("## 3. Deployment package size\n\n"
                + "The package `sam build` makes for each function, made the same way: the function's folder alone in "
                + "a scratch copy, `mvn clean install`, `mvn dependency:copy-dependencies -DincludeScope=runtime "
                + "-Dmdep.prependGroupId=true`, then `target/classes` as the package root and `target/dependency` as "
                + "`lib/` (aws-lambda-builders 1.63.0, `workflows/java_maven/`). Each jar is there once (the "
                + "SamBuildParityTest checks it, and that the local gateway runs the same files). The target "
                + "(< 10 MB, 1 MB = 1024 x 1024 bytes here) is checked against the unzipped size, the stricter of the "
                + "two. Lambda's own limits are 50 MB zipped and 250 MB unzipped.\n\n"
                + Report.table(List.of("function", "files", "jars in lib/", "unzipped", "zipped", "target < 10 MB",
                "biggest jars"), rows));
    }

    private static long zippedSize(FunctionPackage pkg, List<Path> files) throws IOException {
        CountingStream counter = new CountingStream();
        try (ZipOutputStream zip = new ZipOutputStream(counter)) {
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(pkg.entryName(file)));
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
