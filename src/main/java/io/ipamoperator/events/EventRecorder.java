package io.ipamoperator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events (core/v1) on our objects, so {@code kubectl describe} and {@code kubectl get events}
 * show why a claim waits or what is wrong with a pool. Best effort: a failure is logged at debug level and never
 * fails a reconcile. Callers record on transitions only, not on every reconcile.
 */
@ApplicationScoped
public class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final KubernetesClient client;

    @Inject
    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    /** The object an event is about. */
    public static ObjectReference about(String apiVersion, String kind, String namespace, String name, String uid) {
        return new ObjectReferenceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withNamespace(namespace)
                .withName(name)
                .withUid(uid)
                .build();
    }

    /** The Event that tells of {@code transition}: Warning or Normal, with its reason and message. */
    public void record(ObjectReference object, ConditionTransition transition) {
        if (transition.warning()) {
            warning(object, transition.reason(), transition.message());
        } else {
            normal(object, transition.reason(), transition.message());
        }
    }

    public void normal(ObjectReference object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(ObjectReference object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    private void record(ObjectReference object, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        // events of cluster-scoped objects live in "default", as kubectl expects
        String namespace = object.getNamespace() == null ? "default" : object.getNamespace();
        try {
            client.v1()
                    .events()
                    .inNamespace(namespace)
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withName(object.getName() + "."
                                    + UUID.randomUUID().toString().substring(0, 8))
                            .withNamespace(namespace)
                            .endMetadata()
                            .withInvolvedObject(object)
                            .withType(type)
                            .withReason(reason)
                            .withMessage(message)
                            .withFirstTimestamp(now)
                            .withLastTimestamp(now)
                            .withCount(1)
                            .withNewSource()
                            .withComponent("ipam-operator")
                            .endSource()
                            .build())
                    .create();
        } catch (KubernetesClientException e) {
            LOG.debugf(
                    "Could not record event %s on %s %s: %s",
                    reason, object.getKind(), object.getName(), e.getMessage());
        }
    }
}
