package io.ipamoperator.machine;

import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.CachedClaim;
import io.ipamoperator.index.ClaimDirectory;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Reconciles a machine when a claim it controls changes in the claim controller's cache — created, bound, failed,
 * deleted — or when the in-process address index reports a change of such a claim's IPAddress. Both reach the
 * machine by the claim's controller owner reference, so every claim is watched once in the process (by the claim
 * controller), not a second time here. (The Clusters are an informer event source of the machine controller.)
 */
public class MachineWakeupEventSource extends AbstractEventSource<Void, IonosCloudMachine> {

    public MachineWakeupEventSource(AddressIndex index, ClaimDirectory claims) {
        super(Void.class, "machine-wakeups");
        claims.onControlledClaimChange(this::wake);
        index.changes().onAddressChange(address -> {
            if (address.claimName() != null && isRunning()) {
                claims.claim(address.namespace(), address.claimName()).ifPresent(this::wake);
            }
        });
    }

    private void wake(CachedClaim claim) {
        if (MachineClaims.KIND.equals(claim.controllerKind()) && isRunning()) {
            getEventHandler().handleEvent(new Event(new ResourceID(claim.controllerName(), claim.namespace())));
        }
    }

    @Override
    public Set<Void> getSecondaryResources(IonosCloudMachine primary) {
        return Set.of();
    }
}
