package webchat.connect;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * Full TLS handshakes in memory, before the snapshot: a client and a server {@link SSLEngine} pass their records to
 * each other through buffers, with no socket. A restored environment's first call to an AWS API opens a new TLS
 * connection (the snapshot holds none: DynamoDB's, and @connections' for SendMessage), and a handshake's code (key
 * exchange, the certificate's signature and path, the key schedule, host name checks) only runs fast once the JIT has
 * compiled it. Measured on its own (both halves in one JVM, in memory, SnapStart's JVM flags), the next handshake took
 * 16-90 ms after 0-100 of them, 5-7 ms after 200, 4-6 ms after 300 and no less after 1,000. With posts over TLS, the
 * bench's first invocation after a restore took 139 ms for DefaultFunction (12 ms warm; it then posted) and 182 ms for
 * SendMessageFunction (40 ms warm) when priming made no full handshake.
 *
 * <p>Each handshake uses a new client context, so that none is an abbreviated one resuming an earlier session: the
 * first connection after a restore never resumes one either. The client checks the certificate as the serving client
 * does (PKIX path validation against its trust managers, the host name against the subject alternative name). The
 * server's keys are priming's own ({@link LoopbackTls}), taken in turn: a P-256 key, as the local gateway's
 * certificate has, and an RSA-2048 key under an RSA root, as DynamoDB's and execute-api's certificates are, so that a
 * restored environment's first handshake finds the signature checks of either compiled. Every function project has
 * its own copy of this class: each is built and deployed alone.
 */
final class TlsHandshakes {

    /**
     * The most handshakes one priming makes: past about 300 a handshake no longer got cheaper (above), and in
     * SendMessageFunction more of them kept the JIT busy into the broadcast warm-up, which then ran out of its budget
     * before the JIT settled (1,000 handshakes, 4.5 s, did that in a start).
     */
    static final int MAX = 300;
    private static final long WINDOW_MS = 200;

    private TlsHandshakes() {}

    /**
     * Makes up to {@link #MAX} full handshakes, with each of {@code identities} in turn, or as many as fit in
     * {@code budget}, then waits (within the budget) for the JIT to compile them.
     *
     * @return how many completed
     */
    static int run(List<LoopbackTls> identities, Duration budget) throws GeneralSecurityException, SSLException {
        List<SSLContext> servers = new ArrayList<>();
        // Made once, as the serving client makes its own: a new context per handshake is what rules out resumption.
        List<TrustManager[]> trust = new ArrayList<>();
        for (LoopbackTls tls : identities) {
            servers.add(tls.serverContext());
            trust.add(tls.trustManagers());
        }
        long deadline = System.nanoTime() + budget.toNanos();
        int done = 0;
        while (done < MAX && System.nanoTime() - deadline < 0) {
            int turn = done % identities.size();
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trust.get(turn), null);
            handshake(client, servers.get(turn));
            done++;
        }
        awaitCompiled(deadline);
        return done;
    }

    /**
     * Waits, at most until {@code deadline}, for the JIT to finish what the handshakes gave it: until it compiled for
     * under a tenth of a 200 ms window. Without the wait, a version published right after priming left the JIT
     * compiling into the first invocations after a restore, on the same cores.
     */
    static void awaitCompiled(long deadline) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        try {
            while (System.nanoTime() - deadline < 0) {
                long compiling = jit.getTotalCompilationTime();
                Thread.sleep(WINDOW_MS);
                if (jit.getTotalCompilationTime() - compiling < WINDOW_MS / 10) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One handshake, then one application record each way, as a post's request and answer would be. */
    static void handshake(SSLContext clientContext, SSLContext serverContext) throws SSLException {
        SSLEngine client = clientContext.createSSLEngine("127.0.0.1", 443);
        client.setUseClientMode(true);
        SSLParameters parameters = client.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(parameters);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);

        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int application = Math.max(client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(packet);
        ByteBuffer toClient = ByteBuffer.allocate(packet);
        ByteBuffer clientIn = ByteBuffer.allocate(application);
        ByteBuffer serverIn = ByteBuffer.allocate(application);
        ByteBuffer request = ByteBuffer.wrap(new byte[] {'P', 'O', 'S', 'T'});
        ByteBuffer answer = ByteBuffer.wrap(new byte[] {'2', '0', '0'});

        client.beginHandshake();
        server.beginHandshake();
        boolean requestSent = false;
        boolean answerSent = false;
        for (int step = 0; step < 100; step++) {
            client.wrap(requestSent || handshaking(client) ? ByteBuffer.allocate(0) : request, toServer);
            requestSent |= !handshaking(client) && !request.hasRemaining();
            runTasks(client);
            toServer.flip();
            server.unwrap(toServer, serverIn);
            toServer.compact();
            runTasks(server);
            server.wrap(answerSent || handshaking(server) ? ByteBuffer.allocate(0) : answer, toClient);
            answerSent |= !handshaking(server) && !answer.hasRemaining();
            runTasks(server);
            toClient.flip();
            client.unwrap(toClient, clientIn);
            toClient.compact();
            runTasks(client);
            if (requestSent && answerSent && serverIn.position() > 0 && clientIn.position() > 0) {
                return;
            }
        }
        throw new SSLException("the in-memory TLS handshake did not complete");
    }

    private static boolean handshaking(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }
}
