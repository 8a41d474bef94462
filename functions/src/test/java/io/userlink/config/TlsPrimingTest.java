package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class TlsPrimingTest {

    @Test
    void primeWhenTheJvmCanListenOnLoopbackThenOneHttpsExchangeIsAnswered() throws Exception {
        assertEquals(200, TlsPriming.prime());
    }

    @Test
    void primeWhenRunTwiceThenEachHasItsOwnServerAndItsAnsweringThreadEnds() throws Exception {
        assertEquals(200, TlsPriming.prime());
        assertEquals(200, TlsPriming.prime());

        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("tls-priming")),
                "the answering thread ends with the exchange");
    }

    @Test
    void createWhenMadeThenTheJdkReadsASelfSignedCertificateForLoopbackOnly() throws Exception {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");

        LoopbackCertificate loopback = LoopbackCertificate.create(now, Duration.ofHours(1), new SecureRandom());

        X509Certificate certificate = loopback.certificate();
        assertEquals(3, certificate.getVersion());
        assertEquals(1, certificate.getSerialNumber().signum(), "RFC 5280 4.1.2.2: a positive serial number");
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals(new X500Principal("CN=userlink snapstart priming"), certificate.getSubjectX500Principal());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertDoesNotThrow(() -> certificate.verify(loopback.keys().getPublic()), "signed by its own key");
        assertEquals(loopback.keys().getPublic(), certificate.getPublicKey());
        assertEquals(List.of(List.of(7, "127.0.0.1")), certificate.getSubjectAlternativeNames().stream()
                .map(name -> List.copyOf(name)).toList());
        assertDoesNotThrow(() -> certificate.checkValidity(Date.from(now)));
        assertThrows(CertificateExpiredException.class,
                () -> certificate.checkValidity(Date.from(now.plus(Duration.ofHours(2)))), "lives an hour");
    }
}
