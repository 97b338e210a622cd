package webchat.sendmessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
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
 * as the local gateway's certificate has ({@link #create()}), or an RSA-2048 key whose certificate a second RSA key,
 * trusted as a root, signed, as AWS's endpoints present theirs ({@link #createRsa()}); written in DER by hand (the JDK
 * has no public API that makes certificates). The key never leaves the JVM, a server using it listens on 127.0.0.1 only
 * or in memory, and the only clients that talk to it are priming's own, which trust this one certificate (the RSA one's
 * root) and are thrown away before the snapshot. They check it as the serving clients check real ones (PKIX path
 * validation, the host name against the subject alternative name), so priming also loads and compiles the code of the
 * full TLS handshake that a restored environment's first call runs. Every function project has its own copy of this
 * class: each is built and deployed alone.
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
    /** sha256WithRSAEncryption, 1.2.840.113549.1.1.11 (RFC 4055), whose parameters are NULL. */
    private static final byte[] SHA256_WITH_RSA = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x0b};
    /** id-ce-basicConstraints, 2.5.29.19. */
    private static final byte[] BASIC_CONSTRAINTS = {0x55, 0x1d, 0x13};
    private static final byte BOOLEAN = 0x01;
    private static final byte NULL = 0x05;
    /** id-at-commonName, 2.5.4.3 (RFC 5280). */
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};
    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    private final KeyPair key;
    /** The server's chain, its own certificate first; the client trusts the last one. */
    private final Certificate[] chain;

    private LoopbackTls(KeyPair key, Certificate... chain) {
        this.key = key;
        this.chain = chain;
    }

    /** A new P-256 key and its self-signed certificate. */
    static LoopbackTls create() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        return new LoopbackTls(key, selfSigned(key));
    }

    /**
     * A new RSA-2048 key with a certificate signed by another new RSA-2048 key, whose self-signed certificate the
     * client trusts: the shape of the chain DynamoDB and execute-api present (an RSA 2048 leaf under an RSA root), so
     * that the client checks an RSA signature on a certificate (SHA256withRSA) and the server's handshake signature
     * (RSASSA-PSS). Measured in memory (client engine time only, SnapStart's SerialGC, three JVMs each, 2026-11-28):
     * after 300 P-256 handshakes the first one against such a chain took the client 8-16 ms, after 150 of each
     * 1.2-2.0 ms; the next P-256 handshake took it 1.4-2.3 ms either way.
     */
    static LoopbackTls createRsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair root = generator.generateKeyPair();
        KeyPair key = generator.generateKeyPair();
        byte[] rootName = name("priming root");
        Certificate rootCertificate = certificate(rootName, root.getPublic(), rootName, root.getPrivate(),
                der(SEQUENCE, der(OID, BASIC_CONSTRAINTS), der(BOOLEAN, new byte[] {(byte) 0xff}),
                        der(OCTET_STRING, der(SEQUENCE, der(BOOLEAN, new byte[] {(byte) 0xff})))));
        Certificate leaf = certificate(name("127.0.0.1"), key.getPublic(), rootName, root.getPrivate(),
                loopbackAlternativeName());
        return new LoopbackTls(key, leaf, rootCertificate);
    }

    /** The server's side: this key and its chain. */
    SSLContext serverContext() throws GeneralSecurityException {
        char[] password = new char[0];
        KeyStore store = emptyStore();
        store.setKeyEntry("loopback", key.getPrivate(), password, chain);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** The client's side: the JDK's default (PKIX) trust managers, trusting the chain's root and no other. */
    TrustManager[] trustManagers() throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setCertificateEntry("loopback", chain[chain.length - 1]);
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
        byte[] name = name("127.0.0.1");
        return certificate(name, key.getPublic(), name, key.getPrivate(), loopbackAlternativeName());
    }

    /** The subject alternative name extension naming 127.0.0.1. */
    private static byte[] loopbackAlternativeName() {
        return der(SEQUENCE, der(OID, SUBJECT_ALT_NAME), der(OCTET_STRING, der(SEQUENCE, der(IP_ADDRESS, LOOPBACK))));
    }

    /** A distinguished name of one common name. */
    private static byte[] name(String commonName) {
        return der(SEQUENCE, der(SET, der(SEQUENCE, der(OID, COMMON_NAME),
                der(UTF8_STRING, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    /**
     * An X.509 v3 certificate (RFC 5280 section 4.1) of {@code subjectKey} for {@code subject}, valid for a day, with
     * one extension, signed by {@code issuerKey} (ECDSA or RSA, with SHA-256, as the key is).
     */
    private static Certificate certificate(byte[] subject, PublicKey subjectKey, byte[] issuer, PrivateKey issuerKey,
            byte[] extension) throws GeneralSecurityException {
        boolean rsa = issuerKey.getAlgorithm().equals("RSA");
        byte[] algorithm = rsa ? der(SEQUENCE, der(OID, SHA256_WITH_RSA), der(NULL)) : der(SEQUENCE, der(OID,
                ECDSA_WITH_SHA256));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = der(SEQUENCE, utcTime(now.minusMinutes(5)), utcTime(now.plusDays(1)));
        byte[] serial = der(INTEGER, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray());
        byte[] version3 = der(CONTEXT_0, der(INTEGER, new byte[] {2}));
        byte[] extensions = der(CONTEXT_3, der(SEQUENCE, extension));
        byte[] toBeSigned = der(SEQUENCE, version3, serial, algorithm, issuer, validity, subject,
                subjectKey.getEncoded(), extensions);
        Signature signer = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
        signer.initSign(issuerKey);
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
