package webchat.local.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import webchat.local.template.Route;
import webchat.local.template.WebSocketApi;

/** The chat API's routes, built by hand, and a quiet gateway configuration. */
final class Fixtures {

    static final String CONNECT = "ConnectFunction";
    static final String DISCONNECT = "DisconnectFunction";
    static final String DEFAULT = "DefaultFunction";
    static final String SEND_MESSAGE = "SendMessageFunction";
    static final String ECHO = "EchoFunction";

    private Fixtures() {}

    /** $connect, $disconnect, $default, sendMessage (one-way) and echo (two-way). */
    static WebSocketApi chatApi() {
        var routes = new LinkedHashMap<String, Route>();
        routes.put("$connect", new Route("$connect", CONNECT, false));
        routes.put("$disconnect", new Route("$disconnect", DISCONNECT, false));
        routes.put("$default", new Route("$default", DEFAULT, false));
        routes.put("sendMessage", new Route("sendMessage", SEND_MESSAGE, false));
        routes.put("echo", new Route("echo", ECHO, true));
        return new WebSocketApi("ChatApi", "a1b2c3d4e5", "chat", "$request.body.action", "dev", routes);
    }

    static WebSocketApi chatApiWithoutDefault() {
        var api = chatApi();
        var routes = new LinkedHashMap<>(api.routes());
        routes.remove("$default");
        return new WebSocketApi(api.logicalId(), api.apiId(), api.name(), api.routeSelectionExpression(),
                api.stageName(), routes);
    }

    static final List<String> CONSOLE = new CopyOnWriteArrayList<>();

    static GatewayConfig quietConfig() {
        return GatewayConfig.defaults().withConsole(CONSOLE::add);
    }

    static GatewayConfig.Limits limits(Duration idle, Duration maxDuration) {
        var aws = GatewayConfig.Limits.aws();
        return new GatewayConfig.Limits(aws.maxFrameBytes(), aws.maxMessageBytes(), idle, maxDuration);
    }
}
