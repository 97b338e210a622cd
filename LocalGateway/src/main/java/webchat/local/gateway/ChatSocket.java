package webchat.local.gateway;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** Jetty's end of one client connection (public only because Jetty requires it): hands every event to the stage. */
public final class ChatSocket implements Session.Listener.AutoDemanding {

    private final ApiStage stage;
    private final Connection connection;

    ChatSocket(ApiStage stage, Connection connection) {
        this.stage = stage;
        this.connection = connection;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        stage.opened(connection, session);
    }

    @Override
    public void onWebSocketText(String message) {
        stage.received(connection, message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        stage.receivedBinary(connection);
    }

    /** Errors (a dropped socket, a frame over the limit) are followed by a close, which is what counts. */
    @Override
    public void onWebSocketError(Throwable cause) {
        stage.failed(connection, cause);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        stage.closed(connection, statusCode, reason);
    }
}
