package io.ipamoperator.machine;

import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.ClusterCache;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Map;
import java.util.Set;

/**
 * Reconciles a machine when a claim it owns changes, when the IPAddress of such a claim changes, and when its
 * Cluster changes (for example unpaused): no polling.
 */
public class MachineWakeupEventSource extends AbstractEventSource<Void, IonosCloudMachine> {

    public MachineWakeupEventSource(
            MachineClaims claims,
            AddressIndex index,
            ClusterCache clusters,
            IndexerResourceCache<IonosCloudMachine> machines) {
        super(Void.class, "machine-wakeups");
        claims.onMachineClaimChange((namespace, machine) -> trigger(new ResourceID(machine, namespace)));
        index.onAddressChange(address -> {
            if (address.claimName() != null && claims.isStarted()) {
                claims.get(address.namespace(), address.claimName())
                        .filter(claim -> claim.ownerName() != null)
                        .ifPresent(claim -> trigger(new ResourceID(claim.ownerName(), address.namespace())));
            }
        });
        clusters.onChange((namespace, cluster) -> machines.list(namespace)
                .filter(machine -> cluster.equals(labels(machine).get(CapiNames.CLUSTER_NAME_LABEL)))
                .forEach(machine -> trigger(ResourceID.fromResource(machine))));
    }

    private static Map<String, String> labels(IonosCloudMachine machine) {
        return machine.getMetadata().getLabels() == null
                ? Map.of()
                : machine.getMetadata().getLabels();
    }

    private void trigger(ResourceID machine) {
        if (isRunning()) {
            getEventHandler().handleEvent(new Event(machine));
        }
    }

    @Override
    public Set<Void> getSecondaryResources(IonosCloudMachine primary) {
        return Set.of();
    }
}
