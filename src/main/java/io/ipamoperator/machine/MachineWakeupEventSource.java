package io.ipamoperator.machine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.index.AddressIndex;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;

/**
 * Reconciles a machine when the in-process address index reports a change of the IPAddress of a claim the machine
 * owns: the claim is looked up in the machine controller's claim informer and its controller owner is woken. (The
 * claims and the Clusters themselves are informer event sources of the machine controller.)
 */
public class MachineWakeupEventSource extends AbstractEventSource<Void, IonosCloudMachine> {

    public MachineWakeupEventSource(
            AddressIndex index, InformerEventSource<GenericKubernetesResource, IonosCloudMachine> claims) {
        super(Void.class, "machine-address-wakeups");
        index.changes().onAddressChange(address -> {
            if (address.claimName() != null && isRunning()) {
                claims.get(new ResourceID(address.claimName(), address.namespace()))
                        .flatMap(MachineClaims::controller)
                        .ifPresent(owner -> getEventHandler()
                                .handleEvent(new Event(new ResourceID(owner.getName(), address.namespace()))));
            }
        });
    }

    @Override
    public Set<Void> getSecondaryResources(IonosCloudMachine primary) {
        return Set.of();
    }
}
