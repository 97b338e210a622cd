package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteSelectionTest {

    private static final String ACTION = "$request.body.action";
    private static final Set<String> CHAT_ROUTES = Set.of("$connect", "$disconnect", "$default", "sendMessage");

    @Test
    void messageNamingARouteGoesToThatRoute() {
        assertEquals(Optional.of("sendMessage"),
                RouteSelection.select(ACTION, "{\"action\":\"sendMessage\",\"data\":\"hi\"}", CHAT_ROUTES));
    }

    @Test
    void routeKeysMatchCaseSensitively() {
        assertEquals(Optional.of("$default"),
                RouteSelection.select(ACTION, "{\"action\":\"SendMessage\"}", CHAT_ROUTES));
    }

    @Test
    void messageThatIsNotJsonGoesToDefault() {
        assertEquals(Optional.of("$default"), RouteSelection.select(ACTION, "hello there", CHAT_ROUTES));
    }

    @Test
    void jsonWithoutTheKeyGoesToDefault() {
        assertEquals(Optional.of("$default"), RouteSelection.select(ACTION, "{\"data\":\"x\"}", CHAT_ROUTES));
    }

    @Test
    void keyThatIsNotAStringGoesToDefault() {
        assertEquals(Optional.of("$default"), RouteSelection.select(ACTION, "{\"action\":42}", CHAT_ROUTES));
    }

    @Test
    void jsonArrayGoesToDefault() {
        assertEquals(Optional.of("$default"), RouteSelection.select(ACTION, "[\"sendMessage\"]", CHAT_ROUTES));
    }

    @Test
    void unknownActionWithoutDefaultRouteSelectsNothing() {
        assertEquals(Optional.empty(),
                RouteSelection.select(ACTION, "{\"action\":\"shout\"}", Set.of("$connect", "sendMessage")));
    }

    @Test
    void messageCannotSelectTheConnectOrDisconnectRoute() {
        assertEquals(Optional.of("$default"), RouteSelection.select(ACTION, "{\"action\":\"$connect\"}", CHAT_ROUTES));
        assertEquals(Optional.of("$default"),
                RouteSelection.select(ACTION, "{\"action\":\"$disconnect\"}", CHAT_ROUTES));
    }

    @Test
    void nestedPathsAreFollowed() {
        var routes = Set.of("$default", "join");
        assertEquals(Optional.of("join"),
                RouteSelection.select("$request.body.meta.kind", "{\"meta\":{\"kind\":\"join\"}}", routes));
        assertEquals(Optional.of("$default"),
                RouteSelection.select("$request.body.meta.kind", "{\"meta\":\"join\"}", routes));
    }

    @Test
    void bracedExpressionFormIsUnderstood() {
        assertEquals(Optional.of("hello"), RouteSelection.evaluate("${request.body.type}", "{\"type\":\"hello\"}"));
    }

    @Test
    void expressionOutsideTheBodySelectsDefault() {
        assertEquals(Optional.empty(), RouteSelection.evaluate("$request.header.x", "{\"x\":\"sendMessage\"}"));
    }
}
