package webchat.local.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Prints why a request was refused, once per distinct cause, so that a page retrying in a loop cannot flood it. */
final class RefusalLog {

    private static final int MAX_CAUSES = 100;

    private final Consumer<String> console;
    private final Set<String> printed = ConcurrentHashMap.newKeySet();

    RefusalLog(Consumer<String> console) {
        this.console = console;
    }

    void refused(String cause, String line) {
        if (printed.size() < MAX_CAUSES && printed.add(cause)) {
            console.accept("webchat: " + line);
            if (printed.size() == MAX_CAUSES) {
                console.accept("webchat: " + MAX_CAUSES + " different refusals printed; later ones are not");
            }
        }
    }
}
