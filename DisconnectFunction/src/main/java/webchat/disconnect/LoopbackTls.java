package webchat.disconnect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS identity of priming's loopback servers (SendMessageFunction's HTTPS @connections stand-in, the in-memory
 * handshakes of each function that calls AWS): a P-256 key made in memory and a self-signed certificate for 127.0.0.1,
 * written in DER by hand (the JDK has no public API that makes certificates). The key never leaves the JVM, a server
 * using it listens on 127.0.0.1 only or in memory, and the only clients that talk to it are priming's own, which trust
 * this one certificate and are thrown away before the snapshot. They check it as the serving clients check real ones
 * (PKIX path validation, the host name against the subject alternative name), so priming also loads and compiles the
 * code of the full TLS handshake that a restored environment's first call runs. Every function project has its own copy
 * of this class: each is built and deployed alone.
 */
final class LoopbackTls {

    private static final byte SEQUENCE = 0x30;
    private static final byte SET = 0x31;
    private static final byte INTEGER = 0x02;
    private static final byte BIT_STRING = 0x03;
    private static final byte OID = 0x06;
    private static final byte UTF8_STRING = 0x0c;
    private static final byte UTC_TIME = 0x17;
    private static final byte OCTET_STRING = 0x04;
    /** [0] EXPLICIT, [3] EXPLICIT and [7] IMPLICIT (RFC 5280: the version, the extensions, a GeneralName's IP). */
    private static final byte CONTEXT_0 = (byte) 0xa0;
    private static final byte CONTEXT_3 = (byte) 0xa3;
    private static final byte IP_ADDRESS = (byte) 0x87;
    /** id-ce-subjectAltName, 2.5.29.17. */
    private static final byte[] SUBJECT_ALT_NAME = {0x55, 0x1d, 0x11};
    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    /** ecdsa-with-SHA256, 1.2.840.10045.4.3.2 (RFC 5758). */
    private static final byte[] ECDSA_WITH_SHA256 = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
    /** id-at-commonName, 2.5.4.3 (RFC 5280). */
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};
    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    private final KeyPair key;
    private final Certificate certificate;

    private LoopbackTls(KeyPair key, Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** A new P-256 key and its certificate. */
    static LoopbackTls create() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        return new LoopbackTls(key, selfSigned(key));
    }

    /** The server's side: this key and certificate. */
    SSLContext serverContext() throws GeneralSecurityException {
        char[] password = new char[0];
        KeyStore store = emptyStore();
        store.setKeyEntry("loopback", key.getPrivate(), password, new Certificate[] {certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** The client's side: the JDK's default (PKIX) trust managers, trusting this certificate and no other. */
    TrustManager[] trustManagers() throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setCertificateEntry("loopback", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        return trust.getTrustManagers();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, new char[0]);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    /**
     * An X.509 v3 certificate (RFC 5280 section 4.1) for CN=127.0.0.1 with that address as its subject alternative
     * name, valid for a day, signed by its own key.
     */
    static Certificate selfSigned(KeyPair key) throws GeneralSecurityException {
        byte[] algorithm = der(SEQUENCE, der(OID, ECDSA_WITH_SHA256));
        byte[] name = der(SEQUENCE, der(SET, der(SEQUENCE, der(OID, COMMON_NAME),
                der(UTF8_STRING, "127.0.0.1".getBytes(StandardCharsets.UTF_8)))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = der(SEQUENCE, utcTime(now.minusMinutes(5)), utcTime(now.plusDays(1)));
        byte[] serial = der(INTEGER, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray());
        byte[] version3 = der(CONTEXT_0, der(INTEGER, new byte[] {2}));
        byte[] alternativeName = der(SEQUENCE, der(OID, SUBJECT_ALT_NAME),
                der(OCTET_STRING, der(SEQUENCE, der(IP_ADDRESS, LOOPBACK))));
        byte[] extensions = der(CONTEXT_3, der(SEQUENCE, alternativeName));
        byte[] toBeSigned = der(SEQUENCE, version3, serial, algorithm, name, validity, name,
                key.getPublic().getEncoded(), extensions);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key.getPrivate());
        signer.update(toBeSigned);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1]; // a leading 0: no unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] certificate = der(SEQUENCE, toBeSigned, algorithm, der(BIT_STRING, bits));
        return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate));
    }

    private static byte[] utcTime(ZonedDateTime time) {
        return der(UTC_TIME, UTC_TIME_FORMAT.format(time).getBytes(StandardCharsets.US_ASCII));
    }

    /** One DER element (X.690): tag, definite length, then the parts one after the other. */
    static byte[] der(byte tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] digits = BigInteger.valueOf(length).toByteArray();
            int skip = digits[0] == 0 ? 1 : 0;
            out.write(0x80 | (digits.length - skip));
            out.write(digits, skip, digits.length - skip);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
