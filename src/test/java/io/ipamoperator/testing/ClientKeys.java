package io.ipamoperator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Client keys of every kind a kubeconfig carries (RSA as PKCS#1 or PKCS#8, EC as SEC1 or PKCS#8; envtest writes EC
 * PKCS#8, k3s EC SEC1), their certificates and kubeconfigs, made with {@code openssl} as the tools that write them
 * would.
 */
public final class ClientKeys {

    /** A key's algorithm and PEM encoding, with the {@code openssl} command that writes it. */
    public enum Kind {
        RSA_PKCS1("RSA", "RSA PRIVATE KEY", "genrsa", "-traditional", "-out", "{}", "2048"),
        RSA_PKCS8(
                "RSA", "PRIVATE KEY", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "{}"),
        EC_P256_SEC1("EC", "EC PRIVATE KEY", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "{}"),
        EC_P256_PKCS8(
                "EC",
                "PRIVATE KEY",
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                "{}"),
        EC_P384_SEC1("EC", "EC PRIVATE KEY", "ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "{}"),
        EC_P384_PKCS8(
                "EC",
                "PRIVATE KEY",
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-384",
                "-out",
                "{}");

        private final String algorithm;
        private final String pemLabel;
        private final List<String> openssl;

        Kind(String algorithm, String pemLabel, String... openssl) {
            this.algorithm = algorithm;
            this.pemLabel = pemLabel;
            this.openssl = List.of(openssl);
        }

        public String algorithm() {
            return algorithm;
        }

        /** Writes a new key of this kind to {@code file}, checked to be what its kind says. */
        public Path generate(Path file) {
            List<String> command = new ArrayList<>();
            for (String argument : openssl) {
                command.add(argument.equals("{}") ? file.toString() : argument);
            }
            openssl(command);
            String pem = read(file);
            if (!pem.startsWith("-----BEGIN " + pemLabel + "-----")) {
                throw new IllegalStateException("openssl wrote no " + pemLabel + " for " + this + ":\n" + pem);
            }
            return file;
        }
    }

    /** The files of one client: its key, its certificate, and a kubeconfig naming both. */
    public record Client(Path key, Path certificate, Path kubeconfig) {}

    private ClientKeys() {}

    /** A key of {@code kind} with a self-signed certificate, in {@code dir}. */
    public static Client selfSigned(Kind kind, Path dir) {
        Path key = kind.generate(dir.resolve(kind + ".key"));
        Path certificate = dir.resolve(kind + ".crt");
        openssl(List.of(
                "req",
                "-x509",
                "-new",
                "-key",
                key.toString(),
                "-subj",
                "/CN=" + kind,
                "-days",
                "1",
                "-out",
                certificate.toString()));
        return new Client(key, certificate, null);
    }

    /**
     * A cluster-admin client of a control plane (its work directory: {@code kubeconfig}, {@code pki/ca.crt},
     * {@code pki/ca.key}) with a key of {@code kind} and a certificate its CA signed, in {@code dir}; its kubeconfig
     * carries the key and certificate inline ({@code client-key-data}) or names their files ({@code client-key}).
     */
    public static Client clusterAdmin(Kind kind, Path controlPlane, Path dir, boolean inline) {
        try {
            Path key = kind.generate(dir.resolve(kind + ".key"));
            Path request = dir.resolve(kind + ".csr");
            Path extensions = Files.writeString(dir.resolve(kind + ".ext"), "extendedKeyUsage=clientAuth\n");
            Path certificate = dir.resolve(kind + ".crt");
            Path pki = controlPlane.resolve("pki");
            openssl(List.of(
                    "req",
                    "-new",
                    "-key",
                    key.toString(),
                    "-subj",
                    "/O=system:masters/CN=client-" + kind.name().toLowerCase().replace('_', '-'),
                    "-out",
                    request.toString()));
            openssl(List.of(
                    "x509",
                    "-req",
                    "-in",
                    request.toString(),
                    "-CA",
                    pki.resolve("ca.crt").toString(),
                    "-CAkey",
                    pki.resolve("ca.key").toString(),
                    // not -CAcreateserial: nothing is written into the control plane's directory
                    "-set_serial",
                    "0x" + new BigInteger(64, new SecureRandom()).toString(16),
                    "-days",
                    "1",
                    "-extfile",
                    extensions.toString(),
                    "-out",
                    certificate.toString()));
            String server = serverOf(read(controlPlane.resolve("kubeconfig")));
            String user = inline
                    ? "    client-certificate-data: " + base64(certificate) + "\n    client-key-data: " + base64(key)
                    : "    client-certificate: " + certificate.toAbsolutePath() + "\n    client-key: "
                            + key.toAbsolutePath();
            Path kubeconfig = Files.writeString(
                    dir.resolve(kind + (inline ? "-inline" : "-files") + ".kubeconfig"),
                    """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: local
                      cluster:
                        server: %s
                        certificate-authority-data: %s
                    users:
                    - name: client
                      user:
                    %s
                    contexts:
                    - name: local
                      context: {cluster: local, user: client, namespace: default}
                    current-context: local
                    """.formatted(server, base64(pki.resolve("ca.crt")), user));
            return new Client(key, certificate, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String serverOf(String kubeconfig) {
        return kubeconfig
                .lines()
                .map(String::trim)
                .filter(line -> line.startsWith("server:"))
                .map(line -> line.substring("server:".length()).trim())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no server in the control plane's kubeconfig"));
    }

    public static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(arguments);
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("openssl is needed for the client key tests", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
