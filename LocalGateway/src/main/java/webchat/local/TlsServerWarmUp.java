package webchat.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Full TLS handshakes with the twin gateway's https port, so that the server's side of a handshake (Jetty's
 * SslConnection and the JDK's SSLEngine: key exchange, signing with the gateway's key, the key schedule) is compiled
 * before the real stage's first one.
 *
 * <p>Why: every function environment's first post to @connections opens a new TLS connection, and on AWS the server
 * end of it is execute-api's, which is always warm. Here it is this JVM's, and until the JIT has compiled a few hundred
 * handshakes the server's half alone took tens of ms: measured with a primed client against a separate server JVM
 * that had made no handshake, the first post took 104-146 ms; 20-45 ms against one that had made 300 in memory. That
 * time would show up in the function's first invocation, as if it were the function's own.
 *
 * <p>Each handshake uses a new client context, so none resumes a session, as no function environment's first one
 * does. The request after it is a plain GET that the @connections API refuses; its only purpose is an application
 * record each way over the new connection.
 */
final class TlsServerWarmUp {

    /** Past a few hundred, a handshake no longer got cheaper (measured in the functions' priming, same JDK code). */
    static final int MAX = 300;
    static final Duration BUDGET = Duration.ofSeconds(4);
    private static final long WINDOW_MS = 200;

    private TlsServerWarmUp() {
    }

    /**
     * Makes up to {@link #MAX} handshakes with {@code server} (an https URL) within {@link #BUDGET}, then waits, within
     * the budget, until the JIT compiled for under a tenth of a 200 ms window.
     *
     * @return how many handshakes completed
     */
    static int run(URI server, TrustManager[] trust) throws GeneralSecurityException, IOException,
            InterruptedException {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int done = 0;
        while (done < MAX && System.nanoTime() - deadline < 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("the TLS warm-up was interrupted");
            }
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trust, null);
            handshake(client, server);
            done++;
        }
        awaitCompiled(deadline);
        return done;
    }

    private static void handshake(SSLContext client, URI server) throws IOException {
        try (var socket = (SSLSocket) client.getSocketFactory().createSocket(server.getHost(), server.getPort())) {
            // Ours alone, and no Java method runs differently with it: without it, a small write after an unacknowledged
            // one waits for the peer's delayed ACK (40 ms on Linux), which would make the loop a sleep.
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + server.getRawPath() + "/@connections/d2FybS11cC1pZCE= HTTP/1.1\r\nHost: "
                    + server.getRawAuthority() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    private static void awaitCompiled(long deadline) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        while (System.nanoTime() - deadline < 0) {
            long compiling = jit.getTotalCompilationTime();
            Thread.sleep(WINDOW_MS);
            if (jit.getTotalCompilationTime() - compiling < WINDOW_MS / 10) {
                return;
            }
        }
    }
}
