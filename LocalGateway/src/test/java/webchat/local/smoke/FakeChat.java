package webchat.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A tiny in-process chat server speaking the wire protocol (v2: names from {@code ?name=}, the message envelope), with faults to switch on, so the smoke test's own
 * checks can be shown to pass and to fail without the whole stack. Not a stand-in for the local gateway.
 */
final class FakeChat implements AutoCloseable {

    /** How the fake misbehaves. */
    enum Fault { NONE, BROADCAST_TWICE, BAD_DATA_BROADCAST, BARE_TEXT_BROADCAST }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server = new Server();
    /**
     * Every peer from its upgrade request on: Jetty may send the 101 before it calls onWebSocketOpen, so a client can
     * be connected before its session is known; what is broadcast to it meanwhile waits in the peer.
     */
    private final Set<Peer> peers = ConcurrentHashMap.newKeySet();
    private final Fault fault;

    private FakeChat(Fault fault) {
        this.fault = fault;
    }

    static FakeChat start(Fault fault) throws Exception {
        FakeChat chat = new FakeChat(fault);
        ServerConnector connector = new ServerConnector(chat.server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        chat.server.addConnector(connector);
        chat.server.setHandler(WebSocketUpgradeHandler.from(chat.server,
                container -> container.addMapping("/dev", (request, response, callback) -> chat.join(
                        Request.extractQueryParameters(request).getValue("name")))));
        chat.server.start();
        return chat;
    }

    private Peer join(String name) {
        Peer peer = new Peer(name);
        peers.add(peer);
        return peer;
    }

    URI webSocketUrl() {
        return URI.create("ws://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/dev");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the fake chat", e);
        }
    }

    public final class Peer implements Session.Listener.AutoDemanding {
        private final String id = UUID.randomUUID().toString();
        private final String name;
        private Session session;
        private final List<String> waiting = new ArrayList<>();

        Peer(String name) {
            this.name = name == null ? "Guest-FAKE" : name;
        }

        @Override
        public synchronized void onWebSocketOpen(Session session) {
            this.session = session;
            waiting.forEach(text -> session.sendText(text, Callback.NOOP));
            waiting.clear();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            peers.remove(this);
            callback.succeed();
        }

        private synchronized void deliver(String text) {
            if (session == null) {
                waiting.add(text);
            } else {
                session.sendText(text, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketText(String frame) {
            JsonNode body;
            try {
                body = JSON.readTree(frame);
            } catch (Exception e) {
                reply("INVALID_JSON", "Send JSON.");
                return;
            }
            String action = body.path("action").asText("");
            if (!action.equals("sendMessage")) {
                reply("UNKNOWN_ACTION", "Unknown action " + action + "; use sendMessage.");
            } else if (body.path("data").isTextual()) {
                String envelope = fault == Fault.BARE_TEXT_BROADCAST ? body.path("data").asText() : envelope(body);
                broadcast(envelope);
                if (fault == Fault.BROADCAST_TWICE) {
                    broadcast(envelope);
                }
            } else if (fault == Fault.BAD_DATA_BROADCAST) {
                broadcast(body.path("data").toString());
            } else {
                reply("DATA_NOT_STRING", "data must be a string.");
            }
        }

        private String envelope(JsonNode body) {
            ObjectNode envelope = JSON.createObjectNode().put("type", "message").put("id", UUID.randomUUID().toString());
            envelope.putObject("from").put("name", name).put("connectionId", id);
            envelope.put("text", body.path("data").asText()).put("sentAt", Instant.now().toString());
            if (body.path("clientMessageId").isTextual()) {
                envelope.put("clientMessageId", body.path("clientMessageId").asText());
            }
            return envelope.toString();
        }

        private void reply(String code, String message) {
            session.sendText(JSON.createObjectNode().put("type", "error").put("code", code).put("message", message)
                    .toString(), Callback.NOOP);
        }

        private void broadcast(String text) {
            peers.forEach(peer -> peer.deliver(text));
        }
    }
}
