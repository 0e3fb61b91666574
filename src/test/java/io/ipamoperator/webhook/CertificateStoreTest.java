package io.ipamoperator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Set<String> NAMES = Set.of("ipam-operator-webhook.ipam.svc", "127.0.0.1");

    @Test
    void anIssuedLeafIsSignedByItsCaAndCoversEveryName() throws Exception {
        ServingCertificate issued = CertificateAuthority.issue(NAMES, NOW);

        X509Certificate leaf = CertificateAuthority.parseCertificate(issued.certificate());
        X509Certificate ca = CertificateAuthority.parseCertificate(issued.caCertificate());
        leaf.verify(ca.getPublicKey());
        assertThat(issued.subjectAlternativeNames()).containsExactlyInAnyOrderElementsOf(NAMES);
        assertThat(issued.notAfter()).isEqualTo(NOW.plus(CertificateAuthority.LEAF_LIFETIME));
        assertThat(issued.caBundle()).isEqualTo(issued.caCertificate());
    }

    @Test
    void aReadCertificateIsTheIssuedOne() {
        ServingCertificate issued = CertificateAuthority.issue(NAMES, NOW);

        ServingCertificate read = CertificateAuthority.read(
                issued.caBundle(), issued.caCertificate(), issued.caKey(), issued.certificate(), issued.key());

        assertThat(read).isEqualTo(issued);
    }

    @Test
    void aCurrentCertificateIsKept() {
        ServingCertificate issued = CertificateAuthority.issue(NAMES, NOW);

        assertThat(CertificateStore.renewed(issued, NAMES, NOW.plus(Duration.ofDays(300))))
                .isSameAs(issued);
    }

    @Test
    void aLeafCloseToExpiryIsRenewedFromTheSameCa() throws Exception {
        ServingCertificate issued = CertificateAuthority.issue(NAMES, NOW);
        Instant later = NOW.plus(CertificateAuthority.LEAF_LIFETIME).minus(Duration.ofDays(10));

        ServingCertificate renewed = CertificateStore.renewed(issued, NAMES, later);

        assertThat(renewed.caBundle()).isEqualTo(issued.caBundle());
        assertThat(renewed.notAfter()).isAfter(issued.notAfter());
        CertificateAuthority.parseCertificate(renewed.certificate())
                .verify(CertificateAuthority.parseCertificate(issued.caCertificate())
                        .getPublicKey());
    }

    @Test
    void aMissingNameRenewsTheLeafKeepingTheNamesItHad() {
        ServingCertificate issued = CertificateAuthority.issue(NAMES, NOW);

        ServingCertificate renewed = CertificateStore.renewed(issued, Set.of("10.1.2.3"), NOW);

        assertThat(renewed.subjectAlternativeNames()).contains("10.1.2.3").containsAll(NAMES);
        assertThat(renewed.caBundle()).isEqualTo(issued.caBundle());
    }

    @Test
    void aCaCloseToExpiryIsReplacedWhileTheBundleStillTrustsTheOldOne() {
        ServingCertificate issued = CertificateAuthority.issue(NAMES, NOW);
        Instant later = NOW.plus(CertificateAuthority.CA_LIFETIME).minus(Duration.ofDays(100));

        ServingCertificate renewed = CertificateStore.renewed(issued, NAMES, later);

        assertThat(renewed.caCertificate()).isNotEqualTo(issued.caCertificate());
        assertThat(renewed.caBundle()).contains(renewed.caCertificate()).contains(issued.caCertificate());
    }
}
