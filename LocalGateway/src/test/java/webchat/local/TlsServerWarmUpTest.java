package webchat.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webchat.local.gateway.GatewayConfig;
import webchat.local.gateway.GatewayServer;
import webchat.local.gateway.LocalTls;
import webchat.local.lambda.Invocation;
import webchat.local.template.Route;
import webchat.local.template.WebSocketApi;

class TlsServerWarmUpTest {

    private static WebSocketApi api() {
        var routes = new LinkedHashMap<String, Route>();
        routes.put("$connect", new Route("$connect", "ConnectFunction", false));
        return new WebSocketApi("ChatApi", "a1b2c3d4e5", "chat", "$request.body.action", "dev", routes);
    }

    @Test
    void makesFullHandshakesWithTheGatewaysHttpsPortAndInvokesNothing(@TempDir Path dir) throws Exception {
        // given: a gateway with its https port, whose integrations record any invocation
        var tls = LocalTls.generate(dir);
        List<String> invoked = new ArrayList<>();
        try (var gateway = new GatewayServer(api(), (function, event) -> {
            invoked.add(function);
            return new Invocation("id", Invocation.Outcome.SUCCESS, "{}");
        }, GatewayConfig.defaults().withPort(0).withTlsPort(0).withTls(tls).withConsole(line -> { })).start()) {

            // when
            int handshakes = TlsServerWarmUp.run(gateway.secureConnectionsUrl(), tls.trustManagers());

            // then: handshakes completed within the budget (each on a new connection; a failed one throws), and
            // no function was invoked
            assertTrue(handshakes > 0 && handshakes <= TlsServerWarmUp.MAX, "handshakes: " + handshakes);
            assertEquals(List.of(), invoked);
        }
    }

    @Test
    void aCertificateTheClientDoesNotTrustFailsTheWarmUpInsteadOfBeingAccepted(@TempDir Path dir) throws Exception {
        // given: a gateway with one certificate, and trust managers for another
        var tls = LocalTls.generate(dir.resolve("gateway"));
        var other = LocalTls.generate(dir.resolve("other"));
        try (var gateway = new GatewayServer(api(), (function, event) -> {
            throw new AssertionError("nothing may be invoked");
        }, GatewayConfig.defaults().withPort(0).withTlsPort(0).withTls(tls).withConsole(line -> { })).start()) {

            // when / then
            assertThrows(SSLHandshakeException.class,
                    () -> TlsServerWarmUp.run(gateway.secureConnectionsUrl(), other.trustManagers()));
        }
    }
}
