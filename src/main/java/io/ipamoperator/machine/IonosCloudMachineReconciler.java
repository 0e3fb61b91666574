package io.ipamoperator.machine;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.api.ionos.IonosCloudMachineStatus;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.AddressRecord;
import io.ipamoperator.index.ClusterCache;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.enterprise.inject.Vetoed;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The IPAM side of an IonosCloudMachine: skip while the machine or its Cluster is paused; otherwise let
 * {@link MachineDecider} plan the pass from the caches, create and release the claims it names, record the Event
 * of a condition change, and return the status for the framework to write. The status patch carries the
 * resourceVersion it was computed from, so a concurrent change of the machine (by the infrastructure provider)
 * makes it fail and the pass run again instead of overwriting the provider's conditions.
 *
 * <p>Event-driven: a change of any claim the machine owns, or of that claim's IPAddress, reconciles the machine.
 * On deletion every claim the machine owns (by owner reference) loses its finalizer and is deleted.
 */
@Vetoed
@ControllerConfiguration(
        name = "ionoscloudmachine",
        finalizerName = IonosCloudMachineReconciler.FINALIZER,
        generationAwareEventProcessing = false)
public class IonosCloudMachineReconciler implements Reconciler<IonosCloudMachine>, Cleaner<IonosCloudMachine> {

    /** Our finalizer on the machine: its claims are released before it goes. */
    public static final String FINALIZER = "ipam.cluster.x-k8s.io/ionoscloudmachine-claims";

    private static final Logger LOG = Logger.getLogger(IonosCloudMachineReconciler.class);

    private final MachineClaims claims;
    private final AddressIndex index;
    private final ClusterCache clusters;
    private final EventRecorder events;
    private final Clock clock;

    public IonosCloudMachineReconciler(
            MachineClaims claims, AddressIndex index, ClusterCache clusters, EventRecorder events, Clock clock) {
        this.claims = claims;
        this.index = index;
        this.clusters = clusters;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, IonosCloudMachine>> prepareEventSources(EventSourceContext<IonosCloudMachine> context) {
        return List.of(new MachineWakeupEventSource(claims, index, clusters, context.getPrimaryCache()));
    }

    @Override
    public UpdateControl<IonosCloudMachine> reconcile(IonosCloudMachine machine, Context<IonosCloudMachine> context) {
        index.requireReady();
        if (paused(machine)) {
            return UpdateControl.noUpdate();
        }
        String namespace = machine.getMetadata().getNamespace();
        MachinePlan plan = MachineDecider.plan(
                machine,
                name -> claims.get(namespace, name),
                claims.ownedBy(namespace, machine.getMetadata().getUid()),
                addressName -> index.address(namespace, addressName).flatMap(AddressRecord::parsedAddress),
                clock.instant());
        plan.create().forEach(nic -> claims.create(machine, nic));
        for (String claim : plan.release()) {
            claims.release(namespace, claim);
            LOG.infof("%s: released claim %s (no longer in the spec)", describe(machine), claim);
        }
        plan.transition().ifPresent(transition -> {
            var about = EventRecorder.about(
                    machine.getApiVersion(),
                    machine.getKind(),
                    namespace,
                    machine.getMetadata().getName(),
                    machine.getMetadata().getUid());
            if (transition.warning()) {
                events.warning(about, transition.reason(), transition.message());
            } else {
                events.normal(about, transition.reason(), transition.message());
            }
        });
        return plan.status()
                .map(status -> UpdateControl.patchStatus(statusPatch(machine, status)))
                .orElseGet(UpdateControl::noUpdate);
    }

    @Override
    public DeleteControl cleanup(IonosCloudMachine machine, Context<IonosCloudMachine> context) {
        index.requireReady();
        for (MachineClaims.ClaimState claim : claims.ownedBy(
                machine.getMetadata().getNamespace(), machine.getMetadata().getUid())) {
            claims.release(machine.getMetadata().getNamespace(), claim.name());
            LOG.infof("%s deleted: released claim %s", describe(machine), claim.name());
        }
        return DeleteControl.defaultDelete();
    }

    /** Identity, the resourceVersion the status was computed from (a precondition), and the whole new status. */
    private static IonosCloudMachine statusPatch(IonosCloudMachine machine, IonosCloudMachineStatus status) {
        IonosCloudMachine patch = new IonosCloudMachine();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(machine.getMetadata().getName())
                .withNamespace(machine.getMetadata().getNamespace())
                .withResourceVersion(machine.getMetadata().getResourceVersion())
                .build());
        patch.setStatus(status);
        return patch;
    }

    private boolean paused(IonosCloudMachine machine) {
        Map<String, String> annotations = machine.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(CapiNames.PAUSED_ANNOTATION)) {
            return true;
        }
        String cluster = MachineClaims.clusterName(machine);
        return cluster != null
                && clusters.get(machine.getMetadata().getNamespace(), cluster)
                        .map(ClusterCache.ClusterView::paused)
                        .orElse(false);
    }

    private static String describe(IonosCloudMachine machine) {
        return "IonosCloudMachine " + machine.getMetadata().getNamespace() + "/"
                + machine.getMetadata().getName();
    }
}
