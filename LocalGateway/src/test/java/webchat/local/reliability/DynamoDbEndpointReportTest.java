package webchat.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import webchat.local.dynamodb.EndpointWatcher;

/** A DynamoDB endpoint the user gave is only reported: one line when it stops answering, one when it is back. */
class DynamoDbEndpointReportTest {

    @Test
    void aUsersEndpointThatStopsAnsweringIsReportedOnceAndAgainWhenItIsBack() throws Exception {
        // given a watched endpoint that answers
        List<String> console = new CopyOnWriteArrayList<>();
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = server.getLocalPort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try (EndpointWatcher watcher = EndpointWatcher.watch(endpoint, console::add)) {
            Thread.sleep(2500);
            assertEquals(List.of(), console, "lines while it answers");

            // when it stops answering, then comes back on the same port
            server.close();
            awaitLines(console, 1);
            Thread.sleep(2500);
            assertEquals(1, console.size(), "one line for one outage: " + console);
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            awaitLines(console, 2);
        } finally {
            server.close();
        }

        // then the lines say what happened and that webchat does not restart it
        String down = console.get(0);
        assertTrue(down.contains(endpoint + " does not answer") && down.contains("does not restart"), down);
        assertTrue(console.get(1).contains(endpoint + " answers again"), console.get(1));
    }

    private static void awaitLines(List<String> console, int count) throws InterruptedException {
        for (int i = 0; i < 100 && console.size() < count; i++) {
            Thread.sleep(100);
        }
        assertEquals(count, console.size(), "console: " + console);
    }
}
