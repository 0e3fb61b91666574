package io.ipamoperator.webhook;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the webhooks' self-managed certificates (ECDSA P-256): a CA that lives {@link #CA_LIFETIME}, and leaf
 * certificates of {@link #LEAF_LIFETIME} for the names the API server dials. Bouncy Castle builds the X.509
 * structures (the JDK has no public API for that); the JDK's own provider makes the keys and signatures.
 */
final class CertificateAuthority {

    static final Duration CA_LIFETIME = Duration.ofDays(3650);
    static final Duration LEAF_LIFETIME = Duration.ofDays(365);
    /** Back-dating against clock skew between this process and the API server. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private CertificateAuthority() {}

    /** A new CA and a leaf for {@code names}, both starting now. */
    static ServingCertificate issue(Set<String> names, Instant now) {
        KeyPair caKeys = newKeyPair();
        X500Name caName = new X500Name("CN=ipam-operator-webhook-ca");
        X509Certificate ca =
                sign(caName, caKeys.getPublic(), caName, caKeys.getPrivate(), now, CA_LIFETIME, true, Set.of(), null);
        String caPem = pem(ca);
        return leaf(caPem, caPem, pem(caKeys.getPrivate()), names, now);
    }

    /** A new leaf for {@code names} from the CA of {@code current}; the CA and its bundle stay. */
    static ServingCertificate renewLeaf(ServingCertificate current, Set<String> names, Instant now) {
        return leaf(current.caBundle(), current.caCertificate(), current.caKey(), names, now);
    }

    /** A new CA (its bundle keeps the current CA, which signed the leaves replicas still present) and a leaf. */
    static ServingCertificate renewCa(ServingCertificate current, Set<String> names, Instant now) {
        ServingCertificate fresh = issue(names, now);
        String bundle = fresh.caCertificate() + current.caCertificate();
        return new ServingCertificate(
                bundle,
                fresh.caCertificate(),
                fresh.caKey(),
                fresh.certificate(),
                fresh.key(),
                fresh.caNotAfter(),
                fresh.notAfter(),
                fresh.subjectAlternativeNames());
    }

    /** Reads back what {@link #issue} wrote (e.g. from the Secret another replica created). */
    static ServingCertificate read(
            String caBundle, String caCertificate, String caKey, String certificate, String key) {
        X509Certificate ca = parseCertificate(caCertificate);
        X509Certificate leaf = parseCertificate(certificate);
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                alternatives.forEach(entry -> names.add(String.valueOf(entry.get(1))));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the webhook certificate's names cannot be read", e);
        }
        return new ServingCertificate(
                caBundle,
                caCertificate,
                caKey,
                certificate,
                key,
                ca.getNotAfter().toInstant(),
                leaf.getNotAfter().toInstant(),
                Set.copyOf(names));
    }

    private static ServingCertificate leaf(
            String caBundle, String caPem, String caKeyPem, Set<String> names, Instant now) {
        X509Certificate ca = parseCertificate(caPem);
        PrivateKey caKey = parseKey(caKeyPem);
        KeyPair keys = newKeyPair();
        X509Certificate leaf = sign(
                new X500Name("CN=" + names.stream().findFirst().orElse("ipam-operator-webhook")),
                keys.getPublic(),
                X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                caKey,
                now,
                LEAF_LIFETIME,
                false,
                names,
                ca);
        return new ServingCertificate(
                caBundle,
                caPem,
                caKeyPem,
                pem(leaf),
                pem(keys.getPrivate()),
                ca.getNotAfter().toInstant(),
                leaf.getNotAfter().toInstant(),
                Set.copyOf(names));
    }

    private static X509Certificate sign(
            X500Name subject,
            java.security.PublicKey subjectKey,
            X500Name issuer,
            PrivateKey issuerKey,
            Instant now,
            Duration lifetime,
            boolean authority,
            Set<String> names,
            X509Certificate issuerCertificate) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(127, new SecureRandom()),
                    Date.from(now.minus(SKEW)),
                    Date.from(now.plus(lifetime)),
                    subject,
                    subjectKey);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            if (authority) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        extensions.createAuthorityKeyIdentifier(issuerCertificate));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(
                        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                List<GeneralName> alternatives = new ArrayList<>();
                for (String name : names) {
                    alternatives.add(
                            isIpLiteral(name)
                                    ? new GeneralName(GeneralName.iPAddress, name)
                                    : new GeneralName(GeneralName.dNSName, name));
                }
                builder.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            }
            X509CertificateHolder holder =
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue the webhook certificate: " + e.getMessage(), e);
        }
    }

    static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a key pair for the webhook certificate", e);
        }
    }

    /** A certificate as PEM; a private key as PKCS#8 ({@code BEGIN PRIVATE KEY}, what Vert.x and Go both read). */
    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static X509Certificate parseCertificate(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("not a PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey parseKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("not a PEM private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
        }
    }
}
