package webchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code -Xlog:class+load=info:file=...:uptime} log: how many classes each group (JDK, runtime client, AWS
 * SDK, Jackson, the function's own...) loaded during init (before the Init Duration ended) and during the first
 * invocation.
 */
final class ClassLoads {

    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("software.amazon.awssdk.", "AWS SDK");
        GROUPS.put("com.amazonaws.services.lambda.runtime.", "Lambda runtime client + core + events");
        GROUPS.put("com.amazonaws.", "Lambda runtime client + core + events");
        GROUPS.put("com.fasterxml.jackson.", "Jackson");
        GROUPS.put("webchat.", "the function's own");
        GROUPS.put("java.", "JDK");
        GROUPS.put("javax.", "JDK");
        GROUPS.put("jdk.", "JDK");
        GROUPS.put("sun.", "JDK");
        GROUPS.put("com.sun.", "JDK");
    }

    private ClassLoads() {}

    /** Classes by group, split at the init/first-invocation boundary, and how many came from a CDS archive. */
    record Breakdown(Map<String, int[]> byGroup, int fromArchive, int total) {
        static final List<String> HEADER = List.of("function", "classes in init", "classes in the first call",
                "from the CDS archive", "JDK", "Lambda runtime client + core + events", "AWS SDK", "Jackson",
                "the function's own", "other");

        List<String> row(String function) {
            int init = byGroup.values().stream().mapToInt(a -> a[0]).sum();
            int first = byGroup.values().stream().mapToInt(a -> a[1]).sum();
            List<String> row = new ArrayList<>(List.of(function, Integer.toString(init), Integer.toString(first),
                    Integer.toString(fromArchive)));
            for (String group : HEADER.subList(4, HEADER.size())) {
                int[] counts = byGroup.getOrDefault(group, new int[2]);
                row.add(counts[0] + " + " + counts[1]);
            }
            return row;
        }
    }

    static Breakdown read(Path log, double initMs) throws IOException {
        Map<String, int[]> byGroup = new LinkedHashMap<>();
        int archived = 0;
        int total = 0;
        if (!Files.exists(log)) {
            return new Breakdown(byGroup, 0, 0);
        }
        for (String line : Files.readAllLines(log)) {
            int close = line.indexOf("s]");
            int nameStart = line.indexOf("] ", close);
            if (!line.startsWith("[") || close < 0 || nameStart < 0) {
                continue;
            }
            double uptimeMs = Double.parseDouble(line.substring(1, close)) * 1000;
            String rest = line.substring(nameStart + 2);
            String name = rest.split(" ", 2)[0];
            byGroup.computeIfAbsent(group(name), g -> new int[2])[uptimeMs <= initMs ? 0 : 1]++;
            if (rest.contains("shared objects file")) {
                archived++;
            }
            total++;
        }
        return new Breakdown(byGroup, archived, total);
    }

    private static String group(String className) {
        for (var entry : GROUPS.entrySet()) {
            if (className.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return "other";
    }
}
