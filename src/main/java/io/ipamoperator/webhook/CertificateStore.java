package io.ipamoperator.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The self-managed serving certificate, kept in one Secret that every replica shares: the first replica to start
 * creates it, the others read it; whoever finds the leaf within {@link #LEAF_RENEWAL} of its expiry, or missing a
 * name it must cover, renews it from the same CA (the {@code caBundle} stays valid, so no replica presents a
 * certificate the API server does not trust yet). A CA within {@link #CA_RENEWAL} of expiry is replaced, its
 * bundle keeping the old CA until that expires. Writes carry the resourceVersion they were computed from: two
 * replicas renewing at once leave one winner, the other reads its result.
 */
@ApplicationScoped
public class CertificateStore {

    static final Duration LEAF_RENEWAL = Duration.ofDays(30);
    static final Duration CA_RENEWAL = Duration.ofDays(365);
    private static final Logger LOG = Logger.getLogger(CertificateStore.class);

    static final String CA_BUNDLE = "ca.crt";
    static final String CA_CERTIFICATE = "ca-signing.crt";
    static final String CA_KEY = "ca-signing.key";
    static final String CERTIFICATE = "tls.crt";
    static final String KEY = "tls.key";

    private final KubernetesClient client;
    private final WebhookSettings settings;
    private final WebhookRegistration registration;
    private final Clock clock;

    @Inject
    public CertificateStore(
            KubernetesClient client, WebhookSettings settings, WebhookRegistration registration, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.registration = registration;
        this.clock = clock;
    }

    private String namespace() {
        return registration.namespace();
    }

    /** The DNS names and IPs the serving certificate must cover. */
    public Set<String> requiredNames() {
        Set<String> names = new LinkedHashSet<>();
        settings.url()
                .map(java.net.URI::getHost)
                .map(CertificateStore::unbracket)
                .ifPresent(names::add);
        String service = settings.service();
        String namespace = namespace();
        names.add(service + "." + namespace + ".svc");
        names.add(service + "." + namespace + ".svc.cluster.local");
        names.add(service + "." + namespace);
        names.add(service);
        return names;
    }

    /** The current certificate, created or renewed as needed. */
    public ServingCertificate ensure() {
        Set<String> names = requiredNames();
        String namespace = namespace();
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Secret secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(settings.certificateSecret())
                    .get();
            try {
                if (secret == null) {
                    ServingCertificate issued = CertificateAuthority.issue(names, now);
                    client.secrets()
                            .inNamespace(namespace)
                            .resource(toSecret(issued, null))
                            .create();
                    LOG.infof(
                            "Issued the webhook serving certificate (Secret %s/%s), valid until %s",
                            namespace, settings.certificateSecret(), issued.notAfter());
                    return issued;
                }
                ServingCertificate current = fromSecret(secret);
                ServingCertificate next = renewed(current, names, now);
                if (next == current) {
                    return current;
                }
                client.secrets()
                        .inNamespace(namespace)
                        .resource(toSecret(next, secret.getMetadata().getResourceVersion()))
                        .update();
                LOG.infof(
                        "Renewed the webhook serving certificate (Secret %s/%s), valid until %s",
                        namespace, settings.certificateSecret(), next.notAfter());
                return next;
            } catch (KubernetesClientException e) {
                if ((e.getCode() != 409 && e.getCode() != 404) || attempt >= 5) {
                    throw new IllegalStateException(
                            "cannot store the webhook certificate in Secret " + namespace + "/"
                                    + settings.certificateSecret() + ": " + e.getMessage()
                                    + " (check the operator's RBAC for secrets in its namespace)",
                            e);
                }
                // another replica created or renewed it at the same moment: read its result
            }
        }
    }

    /** The certificate as the Secret holds it now, if it exists (for replicas that watch for a renewal). */
    public java.util.Optional<ServingCertificate> stored() {
        Secret secret = client.secrets()
                .inNamespace(namespace())
                .withName(settings.certificateSecret())
                .get();
        return secret == null ? java.util.Optional.empty() : java.util.Optional.of(fromSecret(secret));
    }

    /** {@code current} itself when nothing needs to change, else its renewal. */
    static ServingCertificate renewed(ServingCertificate current, Set<String> names, Instant now) {
        Set<String> covered = new LinkedHashSet<>(current.subjectAlternativeNames());
        boolean missingName = !covered.containsAll(names);
        covered.addAll(names);
        if (current.caNotAfter().isBefore(now.plus(CA_RENEWAL))) {
            return CertificateAuthority.renewCa(current, covered, now);
        }
        if (missingName || current.notAfter().isBefore(now.plus(LEAF_RENEWAL))) {
            return CertificateAuthority.renewLeaf(current, covered, now);
        }
        return current;
    }

    private Secret toSecret(ServingCertificate certificate, String resourceVersion) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(CA_BUNDLE, encode(certificate.caBundle()));
        data.put(CA_CERTIFICATE, encode(certificate.caCertificate()));
        data.put(CA_KEY, encode(certificate.caKey()));
        data.put(CERTIFICATE, encode(certificate.certificate()));
        data.put(KEY, encode(certificate.key()));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(settings.certificateSecret())
                .withNamespace(namespace())
                .withResourceVersion(resourceVersion)
                .addToLabels("app.kubernetes.io/managed-by", "ipam-operator")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withData(data)
                .build();
    }

    private static ServingCertificate fromSecret(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        try {
            return CertificateAuthority.read(
                    decode(data.get(CA_BUNDLE)),
                    decode(data.get(CA_CERTIFICATE)),
                    decode(data.get(CA_KEY)),
                    decode(data.get(CERTIFICATE)),
                    decode(data.get(KEY)));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Secret " + secret.getMetadata().getNamespace() + "/"
                            + secret.getMetadata().getName()
                            + " does not hold a usable webhook certificate (" + e.getMessage()
                            + "); delete it and the operator issues a new one",
                    e);
        }
    }

    private static String encode(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a key is missing");
        }
        return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
