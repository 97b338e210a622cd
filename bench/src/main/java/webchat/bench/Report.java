package webchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one bench run found: Markdown sections for RESULTS.md and one CSV row per raw sample for results.csv.
 * Thread-safe enough for the bench, which writes from its main thread only.
 */
final class Report {

    private final List<String> sections = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();

    /** Adds a Markdown section (a heading, a table, notes). */
    void section(String markdown) {
        sections.add(markdown.strip());
    }

    /** Records one raw sample: which benchmark, which configuration, which figure, its value and unit. */
    void sample(String benchmark, String configuration, String metric, double value, String unit) {
        rows.add(String.join(",", csv(benchmark), csv(configuration), csv(metric),
                String.format(Locale.ROOT, "%.3f", value), csv(unit)));
    }

    /** Markdown table from a header and rows of cells. */
    static String table(List<String> header, List<List<String>> body) {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append("---|".repeat(header.size())).append("\n");
        for (List<String> row : body) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    void write(Path directory, String preamble) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("RESULTS.md"),
                preamble.strip() + "\n\n" + String.join("\n\n", sections) + "\n");
        List<String> csv = new ArrayList<>();
        csv.add("benchmark,configuration,metric,value,unit");
        csv.addAll(rows);
        Files.write(directory.resolve("results.csv"), csv);
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
