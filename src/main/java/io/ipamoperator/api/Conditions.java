package io.ipamoperator.api;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.ipamoperator.api.capi.V1Beta1Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets conditions the Kubernetes way, in both shapes our objects carry: standard {@code metav1.Condition}s and
 * Cluster API v1beta1 conditions (with a severity): one per type, the others kept, and the transition time moves
 * only when the status does.
 */
public final class Conditions {

    public static final String TRUE = "True";
    public static final String FALSE = "False";

    private Conditions() {}

    /** {@code existing} with the condition of {@code type} replaced (or added). */
    public static List<Condition> set(
            List<Condition> existing,
            String type,
            boolean status,
            String reason,
            String message,
            Long observedGeneration,
            Instant now) {
        String statusText = status ? TRUE : FALSE;
        List<Condition> result = new ArrayList<>();
        Condition previous = null;
        for (Condition condition : existing == null ? List.<Condition>of() : existing) {
            if (condition.getType().equals(type)) {
                previous = condition;
            } else {
                result.add(condition);
            }
        }
        String transition = previous != null && statusText.equals(previous.getStatus())
                ? previous.getLastTransitionTime()
                : now.truncatedTo(ChronoUnit.SECONDS).toString();
        result.add(new ConditionBuilder()
                .withType(type)
                .withStatus(statusText)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(observedGeneration)
                .withLastTransitionTime(transition)
                .build());
        result.sort((a, b) -> a.getType().compareTo(b.getType()));
        return result;
    }

    /**
     * {@code existing} Cluster API v1beta1 conditions with the one of {@code type} replaced (or added at the end);
     * reason, message and severity are written only while the status is false, as Cluster API does.
     */
    public static List<V1Beta1Condition> setV1Beta1(
            List<V1Beta1Condition> existing,
            String type,
            boolean status,
            String reason,
            String message,
            String severity,
            Instant now) {
        List<V1Beta1Condition> result = new ArrayList<>();
        V1Beta1Condition previous = null;
        for (var condition : existing == null ? List.<V1Beta1Condition>of() : existing) {
            if (type.equals(condition.type)) {
                previous = condition;
            } else {
                result.add(condition);
            }
        }
        var condition = new V1Beta1Condition();
        condition.type = type;
        condition.status = status ? TRUE : FALSE;
        condition.reason = status ? null : reason;
        condition.message = status ? null : message;
        condition.severity = status ? null : severity;
        condition.lastTransitionTime = previous != null && condition.status.equals(previous.status)
                ? previous.lastTransitionTime
                : now.truncatedTo(ChronoUnit.SECONDS).toString();
        result.add(condition);
        return result;
    }

    /** The condition of {@code type}, or null. */
    public static Condition find(List<Condition> conditions, String type) {
        return conditions == null
                ? null
                : conditions.stream()
                        .filter(c -> Objects.equals(c.getType(), type))
                        .findFirst()
                        .orElse(null);
    }
}
