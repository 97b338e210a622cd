package webchat.local.lambda;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A console that keeps every line and lets a test wait for one to appear. */
final class RecordingConsole implements Consumer<String> {

    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void accept(String line) {
        lines.add(line);
        notifyAll();
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized List<String> linesContaining(String text) {
        return lines.stream().filter(line -> line.contains(text)).toList();
    }

    /** Waits until a line matches, and returns it. */
    synchronized String awaitLine(Predicate<String> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : lines) {
                if (matching.test(line)) {
                    return line;
                }
            }
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) {
                throw new AssertionError("No matching console line within " + timeout + "; the console had:\n"
                        + String.join("\n", lines));
            }
            wait(remainingMs);
        }
    }
}
