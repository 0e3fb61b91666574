import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Writes the Java truststore of the operator image from a PEM bundle: {@code java TrustStore.java <bundle.pem>
 * <cacerts>}. Debian builds its truststore in a maintainer script (ca-certificates-java) that writes to the host's
 * /etc and needs the JVM being installed; the image is assembled without running any maintainer script, so this
 * single-file program does the same from the same certificates. The store is PKCS#12 without a password and
 * without a MAC (what the JDK needs of a truststore: certificates only), so the same bundle gives the same bytes
 * and the image layer stays reproducible.
 */
public final class TrustStore {
    public static void main(String[] args) throws Exception {
        System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
        System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
        Collection<? extends Certificate> certificates;
        try (InputStream bundle = Files.newInputStream(Path.of(args[0]))) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(bundle);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (Certificate certificate : certificates) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            String subject = ((X509Certificate) certificate).getSubjectX500Principal().getName();
            store.setCertificateEntry("debian:" + HexFormat.of().formatHex(digest, 0, 8) + ":" + subject, certificate);
        }
        try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            store.store(out, null);
        }
        System.out.println("TrustStore: " + certificates.size() + " certificates into " + args[1]);
    }
}
