package io.ipamoperator.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.CapiNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Tells the API server where the webhooks are and which CA to trust. Outside a cluster ({@code ipam.webhook.url}
 * set) it writes whole, URL-based webhook configurations for this process; in a cluster the chart ships the
 * configurations (pointing at the webhook Service) and this only keeps their {@code caBundle} in step with the
 * self-managed CA. Both writes are idempotent, so every replica may make them.
 */
@ApplicationScoped
public class WebhookRegistration {

    private static final Logger LOG = Logger.getLogger(WebhookRegistration.class);
    private static final String FIELD_MANAGER = "ipam-operator";

    private final KubernetesClient client;
    private final WebhookSettings settings;

    @Inject
    public WebhookRegistration(KubernetesClient client, WebhookSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    public String validatingName() {
        return settings.configurationPrefix() + "-validating-webhook-configuration";
    }

    public String mutatingName() {
        return settings.configurationPrefix() + "-mutating-webhook-configuration";
    }

    /** Registers (URL mode) or re-points the CA of (cluster mode) the webhook configurations. */
    public void register(ServingCertificate certificate) {
        String caBundle =
                Base64.getEncoder().encodeToString(certificate.caBundle().getBytes(StandardCharsets.UTF_8));
        if (settings.url().isPresent()) {
            URI base = settings.url().get();
            client.admissionRegistration()
                    .v1()
                    .validatingWebhookConfigurations()
                    .resource(validating(base, caBundle))
                    .fieldManager(FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
            client.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .resource(mutating(base, caBundle))
                    .fieldManager(FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
            LOG.infof("Registered the pool webhooks at %s", base);
        } else {
            injectCaBundle(caBundle);
        }
    }

    /** URL mode, on a clean stop: removes the configurations if they still point at this process. */
    public void unregister() {
        if (settings.url().isEmpty()) {
            return;
        }
        String ours = settings.url().get().toString();
        ValidatingWebhookConfiguration validating = client.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName(validatingName())
                .get();
        if (validating != null
                && validating.getWebhooks().stream()
                        .allMatch(w -> w.getClientConfig().getUrl() != null
                                && w.getClientConfig().getUrl().startsWith(ours))) {
            client.admissionRegistration()
                    .v1()
                    .validatingWebhookConfigurations()
                    .withName(validatingName())
                    .delete();
            client.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .withName(mutatingName())
                    .delete();
            LOG.infof("Removed the pool webhook configurations of %s", ours);
        }
    }

    private void injectCaBundle(String caBundle) {
        ValidatingWebhookConfiguration validating = client.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName(validatingName())
                .get();
        if (validating != null
                && validating.getWebhooks().stream()
                        .anyMatch(w ->
                                !Objects.equals(caBundle, w.getClientConfig().getCaBundle()))) {
            validating.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(caBundle));
            client.admissionRegistration()
                    .v1()
                    .validatingWebhookConfigurations()
                    .resource(validating)
                    .update();
            LOG.infof("Updated the caBundle of %s", validatingName());
        }
        MutatingWebhookConfiguration mutating = client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(mutatingName())
                .get();
        if (mutating != null
                && mutating.getWebhooks().stream()
                        .anyMatch(w ->
                                !Objects.equals(caBundle, w.getClientConfig().getCaBundle()))) {
            mutating.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(caBundle));
            client.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .resource(mutating)
                    .update();
            LOG.infof("Updated the caBundle of %s", mutatingName());
        }
        if (validating == null && mutating == null) {
            LOG.warnf(
                    "No webhook configuration named %s or %s exists: pools are not validated at admission"
                            + " (install the chart's webhook configurations, or set IPAM_WEBHOOK_URL outside a cluster)",
                    validatingName(), mutatingName());
        }
    }

    ValidatingWebhookConfiguration validating(URI base, String caBundle) {
        List<ValidatingWebhook> webhooks = WebhookCatalog.pools().stream()
                .map(pool -> new ValidatingWebhookBuilder()
                        .withName(pool.validationName())
                        .withClientConfig(clientConfig(base, pool.validationPath(), caBundle))
                        .withRules(rule(pool, "CREATE", "UPDATE", "DELETE"))
                        .withFailurePolicy("Fail")
                        .withMatchPolicy("Equivalent")
                        .withSideEffects("None")
                        .withAdmissionReviewVersions("v1", "v1beta1")
                        .withTimeoutSeconds(10)
                        .build())
                .toList();
        return new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(validatingName())
                .addToLabels("app.kubernetes.io/managed-by", "ipam-operator")
                .endMetadata()
                .withWebhooks(webhooks)
                .build();
    }

    MutatingWebhookConfiguration mutating(URI base, String caBundle) {
        List<MutatingWebhook> webhooks = WebhookCatalog.pools().stream()
                .map(pool -> new MutatingWebhookBuilder()
                        .withName(pool.defaultingName())
                        .withClientConfig(clientConfig(base, pool.defaultingPath(), caBundle))
                        .withRules(rule(pool, "CREATE", "UPDATE"))
                        .withFailurePolicy("Fail")
                        .withMatchPolicy("Equivalent")
                        .withSideEffects("None")
                        .withAdmissionReviewVersions("v1", "v1beta1")
                        .withTimeoutSeconds(10)
                        .withReinvocationPolicy("Never")
                        .build())
                .toList();
        return new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(mutatingName())
                .addToLabels("app.kubernetes.io/managed-by", "ipam-operator")
                .endMetadata()
                .withWebhooks(webhooks)
                .build();
    }

    private static WebhookClientConfig clientConfig(URI base, String path, String caBundle) {
        String root = base.toString().endsWith("/")
                ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        return new WebhookClientConfigBuilder()
                .withUrl(root + path)
                .withCaBundle(caBundle)
                .build();
    }

    private static RuleWithOperations rule(WebhookCatalog.PoolWebhooks pool, String... operations) {
        return new RuleWithOperationsBuilder()
                .withApiGroups(CapiNames.IPAM_GROUP)
                .withApiVersions(WebhookCatalog.POOL_VERSION)
                .withOperations(operations)
                .withResources(pool.plural())
                .build();
    }
}
