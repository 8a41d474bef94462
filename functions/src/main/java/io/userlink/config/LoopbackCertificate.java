package io.userlink.config;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A self-signed certificate for {@code 127.0.0.1}, made in memory for {@link TlsPriming}'s loopback server and
 * trusted by its client only. The JDK parses and verifies certificates but has no public API to make one, so its DER
 * (RFC 5280 §4.1: version 3, one subject alternative name, ecdsa-with-SHA256) is written here; the JDK's own parser
 * then reads it back, so a malformed one fails at once. A P-256 key, though AWS's endpoints present RSA ones: making
 * an RSA key took 0.4-2 s of a publish here, and the functions' token work runs the JDK's RSA code before the
 * snapshot anyway.
 */
final class LoopbackCertificate {

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALTERNATIVE_NAME = "2.5.29.17";
    private static final int IP_ADDRESS_NAME = 0x87;
    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final KeyPair keys;
    private final X509Certificate certificate;

    private LoopbackCertificate(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new key pair and its certificate, valid from an hour before {@code now} for {@code lifetime} after it. */
    static LoopbackCertificate create(Instant now, Duration lifetime, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            // RFC 5758 §3.2: the ECDSA algorithm identifiers have no parameters.
            byte[] algorithm = sequence(oid(ECDSA_WITH_SHA256));
            byte[] name = sequence(set(sequence(oid(COMMON_NAME), utf8("userlink snapstart priming"))));
            byte[] alternativeNames = sequence(tagged(IP_ADDRESS_NAME, LOOPBACK));
            byte[] extensions = tagged(0xA3, sequence(sequence(oid(SUBJECT_ALTERNATIVE_NAME),
                    tagged(0x04, alternativeNames))));
            BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
            byte[] toBeSigned = sequence(tagged(0xA0, integer(BigInteger.TWO)), integer(serial), algorithm, name,
                    sequence(utcTime(now.minus(Duration.ofHours(1))), utcTime(now.plus(lifetime))), name,
                    keys.getPublic().getEncoded(), extensions);
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(keys.getPrivate());
            signature.update(toBeSigned);
            byte[] signed = signature.sign();
            byte[] bits = new byte[signed.length + 1];
            System.arraycopy(signed, 0, bits, 1, signed.length);
            byte[] der = sequence(toBeSigned, algorithm, tagged(0x03, bits));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new LoopbackCertificate(keys, certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256, ECDSA and X.509 are part of every JDK", e);
        }
    }

    KeyPair keys() {
        return keys;
    }

    X509Certificate certificate() {
        return certificate;
    }

    private static byte[] sequence(byte[]... members) {
        return tagged(0x30, members);
    }

    private static byte[] set(byte[]... members) {
        return tagged(0x31, members);
    }

    private static byte[] integer(BigInteger value) {
        return tagged(0x02, value.toByteArray());
    }

    private static byte[] utf8(String text) {
        return tagged(0x0C, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utcTime(Instant instant) {
        return tagged(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int group = groups - 1; group >= 0; group--) {
                out.write((int) ((arc >>> (7 * group)) & 0x7F) | (group > 0 ? 0x80 : 0));
            }
        }
        return tagged(0x06, out.toByteArray());
    }

    /** A DER element: its tag, its definite length (short or long form), then its members' encodings. */
    private static byte[] tagged(int tag, byte[]... members) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] member : members) {
            content.writeBytes(member);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int octet = octets - 1; octet >= 0; octet--) {
                out.write(length >>> (8 * octet));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
