package io.ipamoperator.machine;

import io.ipamoperator.api.ionos.IonosCloudMachineStatus;
import io.ipamoperator.events.ConditionTransition;
import java.util.List;
import java.util.Optional;

/**
 * What one pass over a machine is to do, as {@link MachineDecider} decides it: the claims to create, the claims to
 * release, the status to write (empty: leave it as it is), the Event that tells a person the condition changed, and
 * whether the machine still waits for something (a claim's address, a fixed spec), so that it looks again after
 * {@code ipam.wait-retry} should the event that ends the wait be missed.
 */
public record MachinePlan(
        List<NicClaim> create,
        List<String> release,
        Optional<IonosCloudMachineStatus> status,
        Optional<ConditionTransition> transition,
        boolean waiting) {}
