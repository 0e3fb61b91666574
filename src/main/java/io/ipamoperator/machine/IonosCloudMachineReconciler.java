package io.ipamoperator.machine;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.Clusters;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.api.ionos.IonosCloudMachineStatus;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.identity.ClusterApi;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.AddressRecord;
import io.ipamoperator.index.CachedClaim;
import io.ipamoperator.index.ClaimDirectory;
import io.ipamoperator.index.ClusterEventSource;
import io.ipamoperator.index.IndexNotReadyException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.enterprise.inject.Vetoed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The IPAM side of an IonosCloudMachine: skip while the machine or its Cluster is paused; otherwise let
 * {@link MachineDecider} plan the pass from the caches, create and release the claims it names, record the Event
 * of a condition change, and return the status for the framework to write. The status patch carries the
 * resourceVersion it was computed from, so a concurrent change of the machine (by the infrastructure provider)
 * makes it fail and the pass run again instead of overwriting the provider's conditions.
 *
 * <p>Event-driven: a change of any claim the machine owns, or of that claim's IPAddress, reconciles the machine; the
 * claims are read from the claim controller's cache ({@link ClaimDirectory}), which this controller waits for.
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
    private final EventRecorder events;
    private final IpamContract contract;
    private final ClusterApi clusterApi;
    private final ClaimDirectory cachedClaims;
    private final Clock clock;

    /**
     * The bound on a machine's wait for an event (its claims bound, its Cluster or itself unpaused): the event
     * reconciles the machine at once, and should one ever be missed, the machine looks again after this long
     * ({@link io.ipamoperator.runtime.WaitRetry}).
     */
    private final Duration waitRetry;

    public IonosCloudMachineReconciler(
            MachineClaims claims,
            AddressIndex index,
            EventRecorder events,
            IpamContract contract,
            ClusterApi clusterApi,
            ClaimDirectory cachedClaims,
            Clock clock,
            Duration waitRetry) {
        this.claims = claims;
        this.index = index;
        this.events = events;
        this.contract = contract;
        this.clusterApi = clusterApi;
        this.cachedClaims = cachedClaims;
        this.clock = clock;
        this.waitRetry = waitRetry;
    }

    /**
     * Changes of the claims a machine controls and of their IPAddresses, from the claim controller's cache and the
     * address index ({@link MachineWakeupEventSource}: no second watch of every claim), and, with Cluster API
     * installed, the Clusters (a change of one reconciles the machines labelled with its name, found through an
     * index of the machine cache).
     */
    @Override
    public List<EventSource<?, IonosCloudMachine>> prepareEventSources(EventSourceContext<IonosCloudMachine> context) {
        List<EventSource<?, IonosCloudMachine>> sources = new ArrayList<>();
        sources.add(new MachineWakeupEventSource(index, cachedClaims));
        clusterApi
                .apiVersion()
                .ifPresent(apiVersion -> sources.add(ClusterEventSource.of(
                        apiVersion, context, machine -> Optional.ofNullable(MachineClaims.clusterName(machine)))));
        return sources;
    }

    /**
     * How soon a machine looks again while the claim controller has not listed the claims yet (it starts just before
     * this controller): without them, claims that exist would be taken for missing and created twice.
     */
    static final Duration CLAIMS_NOT_LISTED_RETRY = Duration.ofSeconds(1);

    @Override
    public UpdateControl<IonosCloudMachine> reconcile(IonosCloudMachine machine, Context<IonosCloudMachine> context) {
        index.readiness().requireReady();
        if (!cachedClaims.synced()) {
            return UpdateControl.<IonosCloudMachine>noUpdate().rescheduleAfter(CLAIMS_NOT_LISTED_RETRY);
        }
        if (paused(machine, context)) {
            return UpdateControl.<IonosCloudMachine>noUpdate().rescheduleAfter(waitRetry);
        }
        String namespace = machine.getMetadata().getNamespace();
        MachinePlan plan = MachineDecider.plan(
                machine,
                name -> cachedClaims.claim(namespace, name),
                owned(machine),
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
            events.record(about, transition);
        });
        UpdateControl<IonosCloudMachine> control = plan.status()
                .map(status -> UpdateControl.patchStatus(statusPatch(machine, status)))
                .orElseGet(UpdateControl::noUpdate);
        return plan.waiting() ? control.rescheduleAfter(waitRetry) : control;
    }

    @Override
    public DeleteControl cleanup(IonosCloudMachine machine, Context<IonosCloudMachine> context) {
        index.readiness().requireReady();
        if (!cachedClaims.synced()) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLAIMS_NOT_LISTED_RETRY);
        }
        for (CachedClaim claim : owned(machine)) {
            claims.release(machine.getMetadata().getNamespace(), claim.name());
            LOG.infof("%s deleted: released claim %s", describe(machine), claim.name());
        }
        return DeleteControl.defaultDelete();
    }

    /**
     * A pass failed (a claim write refused by admission, the API server unreachable, ...): the machine says so in
     * {@code IPAddressesReady} (reason {@code ReconcileFailed}, the API server's message) and the framework retries
     * with back-off. Not while the index is still being built: that is no fault of the machine.
     */
    @Override
    public ErrorStatusUpdateControl<IonosCloudMachine> updateErrorStatus(
            IonosCloudMachine machine, Context<IonosCloudMachine> context, Exception e) {
        if (e instanceof IndexNotReadyException) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        LOG.infof("%s: the last pass failed, retrying with back-off: %s", describe(machine), e.getMessage());
        return MachineDecider.failed(machine, e.getMessage(), clock.instant())
                .map(status -> ErrorStatusUpdateControl.patchStatus(statusPatch(machine, status)))
                .orElseGet(ErrorStatusUpdateControl::noStatusUpdate);
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

    /** The claims whose controller owner is this machine (by UID), from the claim controller's cache. */
    private List<CachedClaim> owned(IonosCloudMachine machine) {
        return cachedClaims.controlledBy(
                machine.getMetadata().getNamespace(), machine.getMetadata().getUid());
    }

    private boolean paused(IonosCloudMachine machine, Context<IonosCloudMachine> context) {
        Map<String, String> annotations = machine.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(CapiNames.PAUSED_ANNOTATION)) {
            return true;
        }
        return MachineClaims.clusterName(machine) != null
                && clusterApi.apiVersion().isPresent()
                && ClusterEventSource.clusterOf(context).map(Clusters::paused).orElse(false);
    }

    private static String describe(IonosCloudMachine machine) {
        return "IonosCloudMachine " + machine.getMetadata().getNamespace() + "/"
                + machine.getMetadata().getName();
    }
}
