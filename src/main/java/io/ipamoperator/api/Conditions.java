package io.ipamoperator.api;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets standard {@code metav1.Condition}s the Kubernetes way: one per type, and the transition time moves only
 * when the status does.
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
            Clock clock) {
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
                : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
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
