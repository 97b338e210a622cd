package webchat.disconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

class TlsHandshakesTest {

    @Test
    void completesFullHandshakesUntilTheBudgetIsSpentOrTheMaximumReached() throws Exception {
        // given: priming's own keys and certificates, P-256 and RSA
        List<LoopbackTls> identities = List.of(LoopbackTls.create(), LoopbackTls.createRsa());
        long started = System.nanoTime();

        // when: a budget of one second
        int done = TlsHandshakes.run(identities, Duration.ofSeconds(1));
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

    @Test
    void theRsaIdentityIsALeafUnderARootTheClientChecksAsItChecksAnAwsEndpoint() throws Exception {
        // given: an RSA key whose certificate another RSA key signed, and a client trusting only that root
        LoopbackTls rsa = LoopbackTls.createRsa();
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, rsa.trustManagers(), null);
        SSLContext stranger = SSLContext.getInstance("TLS");
        stranger.init(null, LoopbackTls.createRsa().trustManagers(), null);

        // when: a handshake, with the session it leaves
        TlsHandshakes.handshake(client, rsa.serverContext());
        var session = client.getClientSessionContext()
                .getSession(client.getClientSessionContext().getIds().nextElement());

        // then: the server sent its RSA leaf and the root above it, in TLS 1.3 (whose handshake signature with an RSA
        // key is RSASSA-PSS); a client that trusts another root refuses the chain
        var chain = session.getPeerCertificates();
        assertEquals(2, chain.length);
        var leaf = (X509Certificate) chain[0];
        var root = (X509Certificate) chain[1];
        assertEquals("RSA", leaf.getPublicKey().getAlgorithm());
        assertEquals("SHA256withRSA", leaf.getSigAlgName());
        assertEquals(root.getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals(List.of(List.of(7, "127.0.0.1")), List.copyOf(leaf.getSubjectAlternativeNames()));
        assertTrue(root.getBasicConstraints() >= 0, "the root is a CA");
        assertEquals("TLSv1.3", session.getProtocol());
        assertThrows(SSLException.class, () -> TlsHandshakes.handshake(stranger, rsa.serverContext()));
    }
}
