package webchat.local.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for the local https @connections API (SAN ip:127.0.0.1 and dns:localhost), in a PKCS12
 * key store, plus a PKCS12 trust store holding only that certificate for the function JVMs and test clients.
 */
public record LocalTls(Path keyStore, Path trustStore, String password) {

    private static final String ALIAS = "webchat-local-gateway";

    /** Creates the key store with the JDK's keytool and exports its certificate into a trust store, both in dir. */
    public static LocalTls generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        var keyStore = dir.resolve("gateway-keystore.p12");
        var trustStore = dir.resolve("gateway-truststore.p12");
        Files.deleteIfExists(keyStore);
        var password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        runKeytool(List.of("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "825",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password));
        try {
            var keys = KeyStore.getInstance(keyStore.toFile(), password.toCharArray());
            var trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
            try (var out = Files.newOutputStream(trustStore)) {
                trusted.store(out, password.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot export the local certificate to " + trustStore, e);
        }
        return new LocalTls(keyStore, trustStore, password);
    }

    /** The flags that make a JVM (a function's) trust this certificate. */
    public List<String> jvmOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=" + password,
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** An SSL context trusting this certificate, for clients in this JVM. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        var context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers(), null);
        return context;
    }

    /** Trust managers that accept this certificate and no other, for clients in this JVM. */
    public TrustManager[] trustManagers() throws GeneralSecurityException, IOException {
        var trusted = KeyStore.getInstance(trustStore.toFile(), password.toCharArray());
        var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        return trustManagers.getTrustManagers();
    }

    private static void runKeytool(List<String> arguments) throws IOException {
        var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        var command = new java.util.ArrayList<String>();
        command.add(keytool);
        command.addAll(arguments);
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            var output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output.strip());
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", interrupted);
        }
    }
}
