package webchat.sendmessage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

class TlsHandshakesTest {

    @Test
    void completesFullHandshakesUntilTheBudgetIsSpentOrTheMaximumReached() throws Exception {
        // given: priming's own key and certificate
        LoopbackTls tls = LoopbackTls.create();
        long started = System.nanoTime();

        // when: a budget of one second
        int done = TlsHandshakes.run(tls, Duration.ofSeconds(1));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        // then: at least one handshake completed (a failed one throws), no more than the maximum, within the budget
        // plus one handshake's time
        assertTrue(done >= 1 && done <= TlsHandshakes.MAX, "handshakes: " + done);
        assertTrue(elapsedMs < 1_000 + 5_000, "took " + elapsedMs + " ms");
    }

    @Test
    void eachHandshakeIsAFullOneTheClientVerifies() throws Exception {
        // given: a client that trusts another key's certificate, as a serving client trusts only real ones
        LoopbackTls server = LoopbackTls.create();
        SSLContext stranger = SSLContext.getInstance("TLS");
        stranger.init(null, LoopbackTls.create().trustManagers(), null);

        // when / then: the client refuses the server's certificate, so the handshake fails
        assertThrows(SSLException.class, () -> TlsHandshakes.handshake(stranger, server.serverContext()));

        // and a client of priming's own, new and so with no session to resume, completes one: the server's session
        // tickets, sent after the handshake, reached it
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, server.trustManagers(), null);
        assertFalse(client.getClientSessionContext().getIds().hasMoreElements());
        TlsHandshakes.handshake(client, server.serverContext());
        assertTrue(client.getClientSessionContext().getIds().hasMoreElements());
    }
}
