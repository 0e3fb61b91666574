package io.ipamoperator.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.allocation.PoolValidation;
import io.ipamoperator.allocation.PrefixPoolDefinition;
import io.ipamoperator.allocation.PrefixPoolSpecification;
import io.ipamoperator.allocation.Violation;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.PoolSpecs;
import io.ipamoperator.api.pool.PrefixPoolSpec;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.Admission;
import io.ipamoperator.index.IndexNotReadyException;
import io.ipamoperator.webhook.WebhookCatalog;
import io.ipamoperator.webhook.WebhookRoutes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The defaulting and validating webhooks of the four pool kinds: reads the AdmissionReview (v1 or v1beta1),
 * gathers the facts — the allocation core's validation of the new (and old) spec, and from the allocation index
 * which addresses are in use — lets {@link PoolAdmission} decide and answers in the review's own version.
 *
 * <p>The update rule asks the index under the pool's lock, the same lock allocation takes, so a claim never gets
 * an address that an update admitted at the same moment strands. Standby replicas keep the index too (it is built
 * at start when webhooks are served), so whichever replica the Service picks answers from the cluster's state.
 */
@ApplicationScoped
public class PoolWebhooks implements WebhookRoutes {

    private static final Logger LOG = Logger.getLogger(PoolWebhooks.class);
    /**
     * How long allocation keeps inside an admitted spec before the pool reconciler takes it up; if the update
     * never lands (a later webhook refuses it, a conflict), allocation goes back to the stored spec after this.
     */
    static final Duration FENCE = Duration.ofMinutes(2);

    private final AddressIndex index;
    private final KubernetesSerialization serialization;

    @Inject
    public PoolWebhooks(AddressIndex index, KubernetesClient client) {
        this.index = index;
        this.serialization = client.getKubernetesSerialization();
    }

    @Override
    public Map<String, UnaryOperator<String>> routes() {
        Map<String, UnaryOperator<String>> routes = new TreeMap<>();
        for (WebhookCatalog.PoolWebhooks pool : WebhookCatalog.pools()) {
            routes.put(pool.validationPath(), review -> answer(review, request -> validate(pool.kind(), request)));
            routes.put(pool.defaultingPath(), review -> answer(review, request -> defaults(pool.kind(), request)));
        }
        return routes;
    }

    private String answer(String body, java.util.function.Function<JsonNode, AdmissionVerdict> decide) {
        JsonNode review = serialization.unmarshal(body, JsonNode.class);
        JsonNode request = review.path("request");
        AdmissionVerdict verdict;
        try {
            verdict = decide.apply(request);
        } catch (IndexNotReadyException e) {
            verdict = AdmissionVerdict.unavailable(
                    "the IPAM operator is still building its allocation index; try again in a few seconds");
        } catch (IllegalArgumentException e) {
            verdict = AdmissionVerdict.badRequest("cannot read the pool: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "Webhook failed on %s %s",
                    request.path("kind").path("kind").asText(),
                    name(request));
            verdict = new AdmissionVerdict(
                    false, 500, "InternalError", "the IPAM operator failed: " + e, List.of(), List.of(), null);
        }
        return serialization.asJson(response(review, request, verdict));
    }

    AdmissionVerdict validate(PoolKind kind, JsonNode request) {
        String operation = request.path("operation").asText();
        String name = name(request);
        PoolId id = new PoolId(kind, request.path("namespace").asText(null), name);
        if ("DELETE".equals(operation)) {
            requireIndex();
            return PoolAdmission.delete(annotations(request.path("oldObject")), index.addressCount(id));
        }
        JsonNode object = request.path("object");
        String namespace = request.path("namespace").asText(null);
        PoolValidation<? extends PoolLayout> validation = validation(kind, object, namespace);
        Optional<AdmissionVerdict> refused = PoolAdmission.specRules(kind, name, validation);
        if (refused.isPresent()) {
            return refused.get();
        }
        PoolLayout proposed = validation.definition().orElseThrow();
        if ("UPDATE".equals(operation)) {
            JsonNode old = request.path("oldObject");
            if (kind.prefixPool()) {
                refused = PoolAdmission.immutability(prefixSpec(old), prefixSpec(object));
                if (refused.isPresent()) {
                    return refused.get();
                }
            }
            Optional<? extends PoolLayout> before =
                    validation(kind, old, namespace).definition();
            requireIndex();
            boolean dryRun = request.path("dryRun").asBoolean(false);
            Admission admission =
                    index.admit(id, before.map(PoolLayout.class::cast), proposed, dryRun ? Duration.ZERO : FENCE);
            refused = PoolAdmission.stranding(kind, admission.stranded())
                    .or(() -> PoolAdmission.preAllocationClashes(admission.preAllocationClashes()));
            if (refused.isPresent()) {
                LOG.infof("Refused an update of %s: %s", id, refused.get().message());
                return refused.get();
            }
        } else if (!proposed.preAllocatedUnits().isEmpty()) {
            requireIndex();
            refused = PoolAdmission.preAllocationClashes(
                    index.admit(id, Optional.empty(), proposed, Duration.ZERO).preAllocationClashes());
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        return AdmissionVerdict.allow(
                proposed instanceof PrefixPoolDefinition prefixPool
                        ? PoolAdmission.prefixWarnings(prefixPool)
                        : List.of());
    }

    AdmissionVerdict defaults(PoolKind kind, JsonNode request) {
        if (!kind.prefixPool()) {
            return AdmissionVerdict.allow(List.of());
        }
        JsonNode spec = request.path("object").path("spec");
        JsonNode length = spec.path("allocationPrefixLength");
        if (!length.isMissingNode() && !length.isNull() && !length.isNumber()) {
            return AdmissionVerdict.allow(List.of()); // not a number: the schema refuses it next
        }
        return PoolAdmission.prefixDefaults(
                spec.isObject(), length.isNumber() ? Integer.valueOf(length.asInt()) : null);
    }

    /** A webhook waits for nothing: while the index is being built it says so at once. */
    private void requireIndex() {
        if (!index.readiness().isReady()) {
            throw new IndexNotReadyException("the allocation index is not built yet");
        }
    }

    private PoolValidation<? extends PoolLayout> validation(PoolKind kind, JsonNode pool, String namespace) {
        return kind.prefixPool()
                ? PrefixPoolDefinition.validate(prefixSpec(pool))
                : IpPoolDefinition.validate(PoolSpecs.ipPool(spec(pool, IPPoolSpec.class), namespace));
    }

    private PrefixPoolSpecification prefixSpec(JsonNode pool) {
        return PoolSpecs.prefixPool(spec(pool, PrefixPoolSpec.class));
    }

    private <T> T spec(JsonNode pool, Class<T> type) {
        JsonNode spec = pool.path("spec");
        return spec.isObject() ? serialization.convertValue(spec, type) : null;
    }

    private Map<String, String> annotations(JsonNode pool) {
        JsonNode annotations = pool.path("metadata").path("annotations");
        Map<String, String> result = new TreeMap<>();
        annotations
                .fields()
                .forEachRemaining(
                        entry -> result.put(entry.getKey(), entry.getValue().asText()));
        return result;
    }

    private static String name(JsonNode request) {
        String name = request.path("name").asText("");
        return name.isEmpty()
                ? request.path("object").path("metadata").path("name").asText("")
                : name;
    }

    private static Map<String, Object> response(JsonNode review, JsonNode request, AdmissionVerdict verdict) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("uid", request.path("uid").asText());
        response.put("allowed", verdict.allowed());
        if (!verdict.allowed()) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("metadata", Map.of());
            status.put("status", "Failure");
            status.put("message", verdict.message());
            status.put("reason", verdict.reason());
            status.put("code", verdict.code());
            if (!verdict.causes().isEmpty()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("name", name(request));
                details.put("group", CapiNames.IPAM_GROUP);
                details.put("kind", request.path("kind").path("kind").asText());
                details.put(
                        "causes",
                        verdict.causes().stream().map(PoolWebhooks::cause).toList());
                status.put("details", details);
            }
            response.put("status", status);
        }
        if (!verdict.warnings().isEmpty()) {
            response.put("warnings", verdict.warnings());
        }
        if (verdict.jsonPatch() != null) {
            response.put("patchType", "JSONPatch");
            response.put(
                    "patch",
                    Base64.getEncoder().encodeToString(verdict.jsonPatch().getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("apiVersion", review.path("apiVersion").asText("admission.k8s.io/v1"));
        answer.put("kind", "AdmissionReview");
        answer.put("response", response);
        return answer;
    }

    private static Map<String, Object> cause(Violation violation) {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("reason", violation.value() == null ? "FieldValueRequired" : "FieldValueInvalid");
        cause.put(
                "message",
                violation.value() == null
                        ? violation.message()
                        : "Invalid value: \"" + violation.value() + "\": " + violation.message());
        cause.put("field", violation.field());
        return cause;
    }
}
