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
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ipamoperator.api.capi.CapiNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
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

    /** The CRDs with a v1alpha1 version, converted by the webhook. */
    static final List<String> CONVERTED_CRDS =
            List.of("inclusterippools." + CapiNames.IPAM_GROUP, "globalinclusterippools." + CapiNames.IPAM_GROUP);

    private final KubernetesClient client;
    private final WebhookSettings settings;
    private volatile String lastRegistered;

    @Inject
    public WebhookRegistration(KubernetesClient client, WebhookSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** The namespace of the webhook Service (and the certificate Secret). */
    public String namespace() {
        return settings.namespace()
                .or(() -> java.util.Optional.ofNullable(client.getNamespace()))
                .orElse("default");
    }

    public String validatingName() {
        return settings.configurationPrefix() + "-validating-webhook-configuration";
    }

    public String mutatingName() {
        return settings.configurationPrefix() + "-mutating-webhook-configuration";
    }

    /**
     * Registers (URL mode) or re-points the CA of (cluster mode, {@code selfManaged}) the webhook configurations,
     * and points the IP pool CRDs' conversion at this webhook server.
     */
    public void register(ServingCertificate certificate, boolean selfManaged, boolean takeOver) {
        String caBundle =
                Base64.getEncoder().encodeToString(certificate.caBundle().getBytes(StandardCharsets.UTF_8));
        if (settings.url().isPresent() && !takeOver && pointsElsewhere()) {
            return; // another replica registered itself since; it keeps the registration while it runs
        }
        convertCrds(caBundle);
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
            if (!caBundle.equals(lastRegistered)) {
                LOG.infof("Registered the pool webhooks at %s", base);
                lastRegistered = caBundle;
            }
        } else if (selfManaged) {
            injectCaBundle(caBundle);
        }
    }

    /** The conversion the IP pool CRDs must have: this server's {@code /convert}, trusting {@code caBundle}. */
    CustomResourceConversion conversion(String caBundle) {
        io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfigBuilder clientConfig =
                new io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfigBuilder()
                        .withCaBundle(caBundle);
        if (settings.url().isPresent()) {
            clientConfig.withUrl(root(settings.url().get()) + WebhookCatalog.CONVERSION_PATH);
        } else {
            clientConfig
                    .withNewService()
                    .withNamespace(namespace())
                    .withName(settings.service())
                    .withPath(WebhookCatalog.CONVERSION_PATH)
                    .withPort(443)
                    .endService();
        }
        return new CustomResourceConversionBuilder()
                .withStrategy("Webhook")
                .withNewWebhook()
                .withConversionReviewVersions("v1")
                .withClientConfig(clientConfig.build())
                .endWebhook()
                .build();
    }

    private void convertCrds(String caBundle) {
        CustomResourceConversion desired = conversion(caBundle);
        for (String name : CONVERTED_CRDS) {
            if (setConversion(name, desired, current -> !desired.equals(current))) {
                LOG.infof("CRD %s converts v1alpha1 through this operator's webhook", name);
            }
        }
    }

    private void unconvertCrds() {
        String ours = root(settings.url().get());
        CustomResourceConversion none =
                new CustomResourceConversionBuilder().withStrategy("None").build();
        for (String name : CONVERTED_CRDS) {
            setConversion(
                    name,
                    none,
                    current -> current != null
                            && current.getWebhook() != null
                            && current.getWebhook().getClientConfig() != null
                            && current.getWebhook().getClientConfig().getUrl() != null
                            && current.getWebhook().getClientConfig().getUrl().startsWith(ours));
        }
    }

    /**
     * Replaces the CRD's whole {@code spec.conversion} with {@code desired} when {@code due} says so (a merge patch
     * would merge into whatever client configuration was there before); true if it was written.
     */
    private boolean setConversion(
            String name, CustomResourceConversion desired, Predicate<CustomResourceConversion> due) {
        for (int attempt = 1; ; attempt++) {
            CustomResourceDefinition crd = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(name)
                    .get();
            if (crd == null) {
                LOG.warnf("CRD %s is not installed: pools of that kind cannot be read in v1alpha1", name);
                return false;
            }
            if (!due.test(crd.getSpec().getConversion())) {
                return false;
            }
            crd.getSpec().setConversion(desired);
            try {
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(crd)
                        .update();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** URL mode: the validating configuration exists and points at another process. */
    private boolean pointsElsewhere() {
        ValidatingWebhookConfiguration validating = registeredValidating();
        return validating != null && !pointsAtUs(validating);
    }

    private ValidatingWebhookConfiguration registeredValidating() {
        return client.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName(validatingName())
                .get();
    }

    private boolean pointsAtUs(ValidatingWebhookConfiguration validating) {
        String ours = root(settings.url().get()) + "/";
        return validating.getWebhooks().stream()
                .allMatch(w -> w.getClientConfig().getUrl() != null
                        && w.getClientConfig().getUrl().startsWith(ours));
    }

    /** URL mode, on a clean stop: removes the configurations if they still point at this process. */
    public void unregister() {
        if (settings.url().isEmpty()) {
            return;
        }
        ValidatingWebhookConfiguration validating = registeredValidating();
        if (validating != null && !pointsAtUs(validating)) {
            return;
        }
        unconvertCrds();
        if (validating != null) {
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
            LOG.infof(
                    "Removed the pool webhook configurations of %s",
                    settings.url().get());
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

    public ValidatingWebhookConfiguration validating(URI base, String caBundle) {
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

    public MutatingWebhookConfiguration mutating(URI base, String caBundle) {
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

    private static String root(URI base) {
        return base.toString().endsWith("/")
                ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
    }

    private static WebhookClientConfig clientConfig(URI base, String path, String caBundle) {
        return new WebhookClientConfigBuilder()
                .withUrl(root(base) + path)
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
