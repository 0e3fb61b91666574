package io.ipamoperator.claim;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Records a Kubernetes Event on a claim when its {@code Ready} condition changes, so {@code kubectl describe}
 * shows why a claim waits. Recording is best effort: a failure is logged, never fails the reconcile.
 */
@ApplicationScoped
public class ClaimEvents {

    private static final Logger LOG = Logger.getLogger(ClaimEvents.class);

    @Inject
    KubernetesClient client;

    void readyChanged(ClaimView claim, ReadyCondition ready) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            client.v1().events().inNamespace(claim.namespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(claim.name() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(claim.namespace()).endMetadata()
                    .withNewInvolvedObject().withApiVersion(claim.apiVersion()).withKind("IPAddressClaim")
                    .withName(claim.name()).withNamespace(claim.namespace()).withUid(claim.uid()).endInvolvedObject()
                    .withType(ready.status() ? "Normal" : "Warning").withReason(ready.reason())
                    .withMessage(ready.message()).withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("ipam-operator").endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.debugf("Could not record an event for %s: %s", claim, e.getMessage());
        }
    }
}
