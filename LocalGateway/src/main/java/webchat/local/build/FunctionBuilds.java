package webchat.local.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import webchat.local.template.LambdaFunction;

/**
 * Gets a template's functions ready to run locally: builds each Maven project whose package is missing or stale
 * as {@code sam build} does ({@link ScratchBuild}), at most two at a time (a Maven build keeps about one core busy),
 * and names the functions that cannot run locally. Functions sharing a CodeUri folder are built once.
 */
public final class FunctionBuilds {

    private final MavenSteps steps;
    private final Path javaHome;
    private final Consumer<String> progress;

    /** @param progress receives one line per function and step, ready to print */
    public FunctionBuilds(MavenSteps steps, Path javaHome, Consumer<String> progress) {
        this.steps = steps;
        this.javaHome = javaHome;
        this.progress = progress;
    }

    /** The steps the local start uses: sam build's, without running the tests (see {@link MavenSteps}). */
    public static MavenSteps localStartSteps() {
        return new MavenSteps(true, false);
    }

    /**
     * Builds what needs it and returns, by logical id, why each function that cannot run locally does not.
     *
     * @throws BuildException naming every function whose build failed, with the tail of Maven's output
     */
    public Map<String, String> prepare(Collection<LambdaFunction> functions) throws IOException {
        Map<String, String> unsupported = new LinkedHashMap<>();
        Map<Path, List<String>> toBuild = new LinkedHashMap<>();
        Map<Path, String> reasons = new LinkedHashMap<>();
        for (LambdaFunction function : functions) {
            switch (PackageState.of(function)) {
                case PackageState.Unsupported(String reason) -> {
                    unsupported.put(function.logicalId(), reason);
                    if (PackageState.isJava(function)) {
                        // other runtimes are named by the template's own warning
                        progress.accept(function.logicalId() + ": " + reason);
                    }
                }
                case PackageState.NeedsBuild(String reason) -> {
                    toBuild.computeIfAbsent(function.codeUri(), folder -> new ArrayList<>()).add(function.logicalId());
                    reasons.putIfAbsent(function.codeUri(), reason);
                }
                case PackageState.Fresh() -> { }
            }
        }
        buildAll(toBuild, reasons);
        return unsupported;
    }

    private void buildAll(Map<Path, List<String>> toBuild, Map<Path, String> reasons) throws IOException {
        if (toBuild.isEmpty()) {
            return;
        }
        int parallel = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        List<String> failures = new ArrayList<>();
        try (ExecutorService builders = Executors.newFixedThreadPool(parallel)) {
            Map<String, Future<?>> running = new LinkedHashMap<>();
            toBuild.forEach((folder, ids) -> {
                String name = String.join(" + ", ids);
                running.put(name, builders.submit(() -> {
                    build(name, folder, reasons.get(folder));
                    return null;
                }));
            });
            for (Map.Entry<String, Future<?>> build : running.entrySet()) {
                try {
                    build.getValue().get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    builders.shutdownNow();
                    throw new BuildException("Interrupted while building " + build.getKey(), e);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new BuildException(String.join("\n\n", failures));
        }
    }

    private void build(String name, Path folder, String reason) throws IOException {
        long started = System.nanoTime();
        progress.accept("building " + name + " (" + reason + "): mvn " + String.join(" ", steps.install())
                + ", then mvn " + String.join(" ", steps.copyDependencies()) + ", in a scratch copy of "
                + folder.getFileName() + "/" + (steps.skipTests() ? " (tests skipped: they do not change the package; "
                + "sam build runs them)" : ""));
        try (ScratchBuild build = ScratchBuild.run(name, folder, steps, javaHome)) {
            FunctionPackage built = build.output();
            int jars = built.jars().size();
            String size = String.format(Locale.ROOT, "%d jar%s, %.2f MB unzipped", jars, jars == 1 ? "" : "s",
                    built.unzippedBytes() / 1024.0 / 1024.0);
            build.installInto(folder);
            progress.accept(String.format(Locale.ROOT, "built %s in %.1f s: %s", name,
                    (System.nanoTime() - started) / 1e9, size));
        }
    }
}
