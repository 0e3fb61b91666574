package io.ipamoperator.machine;

import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.CachedClaim;
import io.ipamoperator.index.ChangeSubscription;
import io.ipamoperator.index.ClaimDirectory;
import io.ipamoperator.index.IndexChanges;
import io.ipamoperator.index.IndexEventSource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;

/**
 * Reconciles a machine when a claim it controls changes in the claim controller's cache — created, bound, failed,
 * deleted — or when the in-process address index reports a change of such a claim's IPAddress. Both reach the
 * machine by the claim's controller owner reference, so every claim is watched once in the process (by the claim
 * controller), not a second time here. (The Clusters are an informer event source of the machine controller.)
 */
public class MachineWakeupEventSource extends IndexEventSource<IonosCloudMachine> {

    private final ClaimDirectory claims;

    public MachineWakeupEventSource(AddressIndex index, ClaimDirectory claims) {
        super("machine-wakeups", index);
        this.claims = claims;
    }

    @Override
    protected List<ChangeSubscription> subscribe(IndexChanges changes) {
        return List.of(claims.onControlledClaimChange(this::wake), changes.onAddressChange(address -> {
            if (address.claimName() != null) {
                claims.claim(address.namespace(), address.claimName()).ifPresent(this::wake);
            }
        }));
    }

    private void wake(CachedClaim claim) {
        if (MachineClaims.KIND.equals(claim.controllerKind())) {
            wake(new ResourceID(claim.controllerName(), claim.namespace()));
        }
    }
}
