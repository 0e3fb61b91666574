package io.ipamoperator.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ipamoperator.webhook.WebhookCatalog;
import io.ipamoperator.webhook.WebhookRoutes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/** Answers the API server's ConversionReviews for the IP pool CRDs at {@code /convert}. */
@ApplicationScoped
public class ConversionWebhook implements WebhookRoutes {

    private static final Logger LOG = Logger.getLogger(ConversionWebhook.class);

    private final KubernetesSerialization serialization;
    private final PoolConversion conversion;

    @Inject
    public ConversionWebhook(KubernetesClient client) {
        this.serialization = client.getKubernetesSerialization();
        this.conversion = new PoolConversion(serialization);
    }

    @Override
    public Map<String, UnaryOperator<String>> routes() {
        return Map.of(WebhookCatalog.CONVERSION_PATH, this::answer);
    }

    String answer(String body) {
        JsonNode review = serialization.unmarshal(body, JsonNode.class);
        JsonNode request = review.path("request");
        String desired = request.path("desiredAPIVersion").asText();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("uid", request.path("uid").asText());
        try {
            List<JsonNode> converted = new ArrayList<>();
            for (JsonNode object : request.path("objects")) {
                converted.add(conversion.convert((ObjectNode) object, desired));
            }
            response.put("convertedObjects", converted);
            response.put("result", Map.of("status", "Success"));
        } catch (RuntimeException e) {
            LOG.warnf("Could not convert pools to %s: %s", desired, e.getMessage());
            response.put("convertedObjects", List.of());
            response.put("result", Map.of("status", "Failure", "message", "conversion failed: " + e.getMessage()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("apiVersion", review.path("apiVersion").asText("apiextensions.k8s.io/v1"));
        answer.put("kind", "ConversionReview");
        answer.put("response", response);
        return serialization.asJson(answer);
    }
}
