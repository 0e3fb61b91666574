package io.ipamoperator.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Utils;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Tells the Kubernetes client which algorithm its client key uses, read from the key itself. The client (fabric8
 * 7.4) tells only the labels {@code BEGIN RSA PRIVATE KEY} and {@code BEGIN EC PRIVATE KEY} (k3s's SEC1 keys), and
 * only in a kubeconfig; any other key it takes for RSA unless {@code KUBERNETES_CERTS_CLIENT_KEY_ALGO=EC} says
 * otherwise, so an EC key in PKCS#8 ({@code BEGIN PRIVATE KEY}, as envtest writes it), or any EC key given by the
 * {@code quarkus.kubernetes-client.client-key-*} properties, stopped the operator at start with
 * {@code Invalid DER: object is not integer}. Here PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) means RSA, SEC1 means EC, and a PKCS#8 key is whichever of the two key factories
 * accepts it (they check its algorithm identifier, 1.2.840.113549.1.1.1 or 1.2.840.10045.2.1). A key that says
 * nothing (encrypted, another algorithm, unreadable) leaves the configuration as it is, and so does a configuration
 * without a client key (the in-cluster service account, a token).
 *
 * <p>Quarkus applies this to the operator's client configuration; the audit mode and the dev run, which build their
 * clients themselves, apply it too; {@link #setProcessDefault()} covers the clients libraries build.
 */
@Singleton
public class ClientKeyAlgorithm implements KubernetesConfigCustomizer {

    private static final Logger LOG = Logger.getLogger(ClientKeyAlgorithm.class);
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----", Pattern.DOTALL);
    private static final List<String> ALGORITHMS = List.of("RSA", "EC");

    @Override
    public void customize(Config config) {
        apply(config);
    }

    /** Sets {@code config}'s client key algorithm to its client key's, when the key tells; returns {@code config}. */
    public static Config apply(Config config) {
        Optional<String> pem = pem(config);
        Optional<String> algorithm = pem.flatMap(ClientKeyAlgorithm::of);
        if (algorithm.isPresent()) {
            if (!algorithm.get().equals(config.getClientKeyAlgo())) {
                LOG.debugf("Client key algorithm: %s (configured: %s)", algorithm.get(), config.getClientKeyAlgo());
            }
            config.setClientKeyAlgo(algorithm.get());
        } else if (pem.isPresent()) {
            LOG.debugf(
                    "Client key algorithm not recognised; the client's default (%s) stays", config.getClientKeyAlgo());
        }
        return config;
    }

    /**
     * Gives the client key's algorithm, read from the key of the kubeconfig the environment names, as the process's
     * default ({@code kubernetes.certs.client.key.algo}, what {@code KUBERNETES_CERTS_CLIENT_KEY_ALGO} sets) unless
     * one is set. Clients that libraries build themselves from that kubeconfig need it: the operator framework builds
     * one when the container creates the proxy of its {@code Operator} bean, and that build alone stopped the
     * operator with an EC key. For a process's entry point only (it sets a system property); without a client key
     * (in a pod, a token) it does nothing.
     */
    public static void setProcessDefault() {
        if (Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_CLIENT_KEY_ALGO_SYSTEM_PROPERTY) != null) {
            return; // set by the user
        }
        try {
            pem(Config.autoConfigure(null))
                    .flatMap(ClientKeyAlgorithm::of)
                    .ifPresent(algorithm ->
                            System.setProperty(Config.KUBERNETES_CLIENT_KEY_ALGO_SYSTEM_PROPERTY, algorithm));
        } catch (RuntimeException e) {
            // no usable configuration: the client says what is wrong when it is built
            LOG.debugf("No client key algorithm for the process: %s", e.getMessage());
        }
    }

    /** The algorithm ({@code RSA} or {@code EC}) of the first private key in {@code pem}, if it tells. */
    public static Optional<String> of(String pem) {
        Matcher block = PEM_BLOCK.matcher(pem);
        while (block.find()) {
            String label = block.group(1);
            switch (label) {
                case "RSA PRIVATE KEY":
                    return Optional.of("RSA");
                case "EC PRIVATE KEY":
                    return Optional.of("EC");
                case "PRIVATE KEY":
                    return pkcs8(block.group(2));
                default:
                // a certificate, EC PARAMETERS, an encrypted key: look on
            }
        }
        return Optional.empty();
    }

    private static Optional<String> pkcs8(String body) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (String algorithm : ALGORITHMS) {
            try {
                KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                return Optional.of(algorithm);
            } catch (GeneralSecurityException e) {
                // not this algorithm's key
            }
        }
        return Optional.empty();
    }

    /** The client key's PEM text: inline data (base64 of the PEM, as in a kubeconfig, or the PEM itself) or file. */
    private static Optional<String> pem(Config config) {
        String data = config.getClientKeyData();
        if (data != null && !data.isBlank()) {
            try {
                return Optional.of(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.of(data); // as the client: data that is no base64 is the PEM itself
            }
        }
        String file = config.getClientKeyFile();
        if (file != null && !file.isBlank()) {
            try {
                return Optional.of(Files.readString(Path.of(file), StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                LOG.debugf("Cannot read the client key %s to tell its algorithm: %s", file, e.getMessage());
            }
        }
        return Optional.empty();
    }
}
