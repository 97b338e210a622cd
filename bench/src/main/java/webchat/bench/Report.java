package webchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one bench run found: Markdown sections for RESULTS.md and one CSV row per raw sample for results.csv.
 * Thread-safe enough for the bench, which writes from its main thread only.
 */
final class Report {

    private static final String HEADER = "benchmark,configuration,metric,value,unit";

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

    /**
     * Writes RESULTS.md and results.csv, merging with what earlier runs left there: a section of this run replaces
     * the section with the same heading, the others stay (each names the command that measured it), and raw rows of
     * the benchmarks run now replace their earlier rows. Sections are ordered by heading ("## 1." before "## 2.").
     *
     * @param ran the benchmarks this run measured (the first CSV column)
     * @param stamp a line saying which command measured the sections of this run, put under each of their headings
     */
    void write(Path directory, String preamble, Set<String> ran, String stamp) throws IOException {
        Files.createDirectories(directory);
        Path markdown = directory.resolve("RESULTS.md");
        Map<String, String> merged = new TreeMap<>();
        if (Files.exists(markdown)) {
            merged.putAll(sectionsOf(Files.readString(markdown)));
        }
        for (String section : sections) {
            int end = section.indexOf('\n');
            String heading = end < 0 ? section : section.substring(0, end);
            String body = end < 0 ? "" : section.substring(end + 1).strip();
            merged.put(heading, heading + "\n\n" + stamp + "\n\n" + body);
        }
        Files.writeString(markdown, preamble.strip() + "\n\n" + String.join("\n\n", merged.values()) + "\n");
        Path csvFile = directory.resolve("results.csv");
        List<String> csv = new ArrayList<>();
        csv.add(HEADER);
        if (Files.exists(csvFile)) {
            for (String line : Files.readAllLines(csvFile)) {
                int comma = line.indexOf(',');
                if (!line.equals(HEADER) && comma > 0 && !ran.contains(line.substring(0, comma))) {
                    csv.add(line);
                }
            }
        }
        csv.addAll(rows);
        Files.write(csvFile, csv);
    }

    /** The level-2 sections of an earlier RESULTS.md, by heading line; the preamble before them is dropped. */
    static Map<String, String> sectionsOf(String markdown) {
        Map<String, String> found = new LinkedHashMap<>();
        String heading = null;
        StringBuilder body = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("## ")) {
                if (heading != null) {
                    found.put(heading, body.toString().strip());
                }
                heading = line;
                body.setLength(0);
            }
            if (heading != null) {
                body.append(line).append('\n');
            }
        }
        if (heading != null) {
            found.put(heading, body.toString().strip());
        }
        return found;
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
