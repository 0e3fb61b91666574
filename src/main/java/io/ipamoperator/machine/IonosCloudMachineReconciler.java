package io.ipamoperator.machine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Vetoed;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.AddressRecord;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpFamily;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.V1Beta1Condition;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.api.ionos.IonosCloudMachineStatus;
import io.ipamoperator.index.ClusterCache;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.machine.MachineClaims.ClaimState;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * The IPAM side of an IonosCloudMachine. Each pass: skip while the machine or its Cluster is paused; create every
 * missing claim of {@link NicClaims} in one pass (reusing an existing claim only if this machine owns it and it
 * names the same pool); release the claims this machine owns that its spec no longer asks for; read the bound
 * addresses (checking each one's family); write {@code machineNetworkInfo} (until the server is provisioned, when
 * the infrastructure provider reports it from the cloud) and the {@code IPAddressesReady} condition.
 *
 * <p>Event-driven: a change of any claim the machine owns, or of that claim's IPAddress, reconciles the machine.
 * On deletion every claim the machine owns (by owner reference) loses its finalizer and is deleted.
 */
@Vetoed
@ControllerConfiguration(name = "ionoscloudmachine", finalizerName = IonosCloudMachineReconciler.FINALIZER,
        generationAwareEventProcessing = false)
public class IonosCloudMachineReconciler implements Reconciler<IonosCloudMachine>, Cleaner<IonosCloudMachine> {

    /** Our finalizer on the machine: its claims are released before it goes. */
    public static final String FINALIZER = "ipam.cluster.x-k8s.io/ionoscloudmachine-claims";
    public static final String CONDITION = "IPAddressesReady";

    private static final Logger LOG = Logger.getLogger(IonosCloudMachineReconciler.class);

    public record Dependencies(KubernetesClient client, MachineClaims claims, AddressIndex index, ClusterCache clusters,
            EventRecorder events) {
    }

    private final Dependencies deps;

    public IonosCloudMachineReconciler(Dependencies dependencies) {
        this.deps = dependencies;
    }

    @Override
    public List<EventSource<?, IonosCloudMachine>> prepareEventSources(EventSourceContext<IonosCloudMachine> context) {
        return List.of(new MachineWakeupEventSource(deps.claims(), deps.index(), deps.clusters(),
                context.getPrimaryCache()));
    }

    @Override
    public UpdateControl<IonosCloudMachine> reconcile(IonosCloudMachine machine, Context<IonosCloudMachine> context) {
        deps.index().requireReady();
        if (paused(machine)) {
            return UpdateControl.noUpdate();
        }
        String namespace = machine.getMetadata().getNamespace();
        NicClaims wanted = NicClaims.of(machine);
        List<Problem> problems = new ArrayList<>();
        wanted.invalidPoolRefs().forEach(message -> problems.add(new Problem(Reason.INVALID_POOL_REF, message)));
        wanted.duplicateNetworks().forEach(message -> problems.add(new Problem(Reason.DUPLICATE_NETWORK_ID, message)));
        Map<String, String> bound = new LinkedHashMap<>();
        for (NicClaim nic : wanted.claims()) {
            Optional<ClaimState> existing = deps.claims().get(namespace, nic.claimName());
            if (existing.isEmpty()) {
                deps.claims().create(machine, nic);
                problems.add(new Problem(Reason.WAITING, nic.claimName() + " created, waiting for an address"));
                continue;
            }
            claimProblem(machine, nic, existing.get(), bound).ifPresent(problems::add);
        }
        releaseUnwanted(machine, wanted);
        return writeStatus(machine, bound, problems);
    }

    @Override
    public DeleteControl cleanup(IonosCloudMachine machine, Context<IonosCloudMachine> context) {
        deps.index().requireReady();
        for (ClaimState claim : deps.claims().ownedBy(machine.getMetadata().getNamespace(), machine.getMetadata().getUid())) {
            deps.claims().release(machine.getMetadata().getNamespace(), claim.name());
            LOG.infof("IonosCloudMachine %s/%s deleted: released claim %s", machine.getMetadata().getNamespace(),
                    machine.getMetadata().getName(), claim.name());
        }
        return DeleteControl.defaultDelete();
    }

    private Optional<Problem> claimProblem(IonosCloudMachine machine, NicClaim nic, ClaimState claim,
            Map<String, String> bound) {
        if (!machine.getMetadata().getUid().equals(claim.ownerUid()) || !Objects.equals(nic.poolRef().kind, claim.poolKind())
                || !Objects.equals(nic.poolRef().name, claim.poolName())) {
            return Optional.of(new Problem(Reason.NAME_COLLISION, "IPAddressClaim " + claim.name()
                    + " exists but is not this machine's claim for " + nic.poolRef().kind + " " + nic.poolRef().name
                    + "; rename or delete it"));
        }
        if (claim.deleting() || claim.addressRef() == null) {
            if ("False".equals(claim.readyStatus()) && CapiNames.REASON_POOL_EXHAUSTED.equals(claim.readyReason())) {
                return Optional.of(new Problem(Reason.POOL_EXHAUSTED, claim.name() + ": " + claim.readyMessage()));
            }
            if ("False".equals(claim.readyStatus()) && CapiNames.REASON_POOL_NOT_READY.equals(claim.readyReason())) {
                return Optional.of(new Problem(Reason.POOL_NOT_FOUND, claim.name() + ": " + claim.readyMessage()));
            }
            return Optional.of(new Problem(Reason.WAITING, claim.name() + " is waiting for an address"));
        }
        Optional<AddressRecord> address = deps.index().address(machine.getMetadata().getNamespace(), claim.addressRef());
        Optional<IpAddress> parsed = address.flatMap(AddressRecord::parsedAddress);
        if (parsed.isEmpty()) {
            return Optional.of(new Problem(Reason.WAITING, claim.name() + " is waiting for IPAddress " + claim.addressRef()));
        }
        IpFamily expected = nic.family() == NicClaim.Family.IPV4 ? IpFamily.IPV4 : IpFamily.IPV6;
        if (parsed.get().family() != expected) {
            return Optional.of(new Problem(Reason.ADDRESS_FAMILY_MISMATCH, claim.name() + " got " + parsed.get()
                    + ", not an " + expected + " address; check the pool " + nic.poolRef().name));
        }
        bound.put(nic.claimName(), parsed.get().toString());
        return Optional.empty();
    }

    private void releaseUnwanted(IonosCloudMachine machine, NicClaims wanted) {
        Set<String> names = wanted.claims().stream().map(NicClaim::claimName).collect(Collectors.toSet());
        for (ClaimState claim : deps.claims().ownedBy(machine.getMetadata().getNamespace(), machine.getMetadata().getUid())) {
            if (!names.contains(claim.name()) && !isDuplicateNetworkClaim(machine, claim)) {
                deps.claims().release(machine.getMetadata().getNamespace(), claim.name());
                LOG.infof("IonosCloudMachine %s/%s: released claim %s (no longer in the spec)",
                        machine.getMetadata().getNamespace(), machine.getMetadata().getName(), claim.name());
            }
        }
    }

    /** Claims of a networkID listed twice are kept (the spec still names that network) until the spec is fixed. */
    private static boolean isDuplicateNetworkClaim(IonosCloudMachine machine, ClaimState claim) {
        return machine.getSpec().additionalNetworks != null && machine.getSpec().additionalNetworks.stream()
                .anyMatch(network -> claim.name().startsWith("nic-" + machine.getMetadata().getName() + "-"
                        + network.networkID + "-"));
    }

    private UpdateControl<IonosCloudMachine> writeStatus(IonosCloudMachine machine, Map<String, String> bound,
            List<Problem> problems) {
        IonosCloudMachine updated = new KubernetesSerialization().clone(machine);
        IonosCloudMachineStatus status = updated.getStatus() == null ? new IonosCloudMachineStatus() : updated.getStatus();
        updated.setStatus(status);
        boolean provisioned = machine.getSpec().providerID != null && !machine.getSpec().providerID.isEmpty();
        if (!provisioned) {
            status.machineNetworkInfo = new IonosCloudMachineStatus.MachineNetworkInfo();
            status.machineNetworkInfo.nicInfo = MachineAddresses.nicInfo(machine, bound);
        }
        Optional<Problem> worst = problems.stream().min((a, b) -> a.reason().compareTo(b.reason()));
        V1Beta1Condition before = find(status.conditions);
        V1Beta1Condition condition = condition(before, worst);
        List<V1Beta1Condition> conditions = new ArrayList<>(status.conditions == null ? List.of() : status.conditions);
        conditions.removeIf(c -> CONDITION.equals(c.type));
        conditions.add(condition);
        status.conditions = conditions;
        if (Objects.equals(serialize(machine.getStatus()), serialize(status))) {
            return UpdateControl.noUpdate();
        }
        if (before == null || !Objects.equals(before.reason, condition.reason) || !Objects.equals(before.status, condition.status)) {
            var about = EventRecorder.about(machine.getApiVersion(), machine.getKind(), machine.getMetadata().getNamespace(),
                    machine.getMetadata().getName(), machine.getMetadata().getUid());
            if (worst.isEmpty()) {
                deps.events().normal(about, "IPAddressesBound", "every NIC has its addresses");
            } else if (worst.get().reason() == Reason.WAITING) {
                deps.events().normal(about, worst.get().reason().text(), worst.get().message());
            } else {
                deps.events().warning(about, worst.get().reason().text(), worst.get().message());
            }
        }
        deps.client().resource(updated).updateStatus(); // carries the resourceVersion; a conflict retries
        return UpdateControl.noUpdate();
    }

    private static V1Beta1Condition condition(V1Beta1Condition before, Optional<Problem> worst) {
        V1Beta1Condition condition = new V1Beta1Condition();
        condition.type = CONDITION;
        condition.status = worst.isEmpty() ? "True" : "False";
        condition.reason = worst.map(problem -> problem.reason().text()).orElse(null);
        condition.message = worst.map(Problem::message).orElse(null);
        condition.severity = worst.map(problem -> problem.reason().severity()).orElse(null);
        condition.lastTransitionTime = before != null && Objects.equals(before.status, condition.status)
                ? before.lastTransitionTime : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return condition;
    }

    private static V1Beta1Condition find(List<V1Beta1Condition> conditions) {
        return conditions == null ? null : conditions.stream().filter(c -> CONDITION.equals(c.type)).findFirst().orElse(null);
    }

    private boolean paused(IonosCloudMachine machine) {
        Map<String, String> annotations = machine.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(CapiNames.PAUSED_ANNOTATION)) {
            return true;
        }
        String cluster = MachineClaims.clusterName(machine);
        return cluster != null && deps.clusters().get(machine.getMetadata().getNamespace(), cluster)
                .map(ClusterCache.ClusterView::paused).orElse(false);
    }

    private static String serialize(Object value) {
        return value == null ? null : new KubernetesSerialization().asJson(value);
    }

    /** Why a machine's addresses are not all there, most important first. */
    enum Reason {
        INVALID_POOL_REF("InvalidPoolRef", "Error"),
        DUPLICATE_NETWORK_ID("DuplicateNetworkID", "Error"),
        NAME_COLLISION("NameCollision", "Error"),
        ADDRESS_FAMILY_MISMATCH("AddressFamilyMismatch", "Error"),
        POOL_EXHAUSTED("PoolExhausted", "Warning"),
        POOL_NOT_FOUND("PoolNotFound", "Warning"),
        WAITING("WaitingForIPAddress", "Info");

        private final String text;
        private final String severity;

        Reason(String text, String severity) {
            this.text = text;
            this.severity = severity;
        }

        String text() {
            return text;
        }

        String severity() {
            return severity;
        }
    }

    record Problem(Reason reason, String message) {
    }
}
