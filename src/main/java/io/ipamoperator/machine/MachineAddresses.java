package io.ipamoperator.machine;

import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.api.ionos.IonosCloudMachineStatus.NicInfo;
import io.ipamoperator.api.ionos.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code status.machineNetworkInfo.nicInfo}: the primary NIC first ({@code primary: true}), then one entry
 * per additional network in spec order, each with its {@code networkID} filled in (the IONOS provider leaves it 0
 * before provisioning) and the addresses its claims were given.
 */
public final class MachineAddresses {

    private MachineAddresses() {}

    /** @param bound claim name → address, for the claims that are bound */
    public static List<NicInfo> nicInfo(IonosCloudMachine machine, Map<String, String> bound) {
        String name = machine.getMetadata().getName();
        List<NicInfo> nics = new ArrayList<>();
        nics.add(nic(name, null, true, bound));
        List<Network> networks =
                machine.getSpec().additionalNetworks == null ? List.of() : machine.getSpec().additionalNetworks;
        for (Network network : networks) {
            nics.add(nic(name, network.networkID, false, bound));
        }
        return nics;
    }

    private static NicInfo nic(String machine, Integer networkID, boolean primary, Map<String, String> bound) {
        NicInfo nic = new NicInfo();
        nic.primary = primary;
        nic.networkID = networkID == null ? 0 : networkID;
        String v4 = bound.get(NicClaim.claimName(machine, networkID, NicClaim.Family.IPV4));
        String v6 = bound.get(NicClaim.claimName(machine, networkID, NicClaim.Family.IPV6));
        nic.ipv4Addresses = v4 == null ? null : List.of(v4);
        nic.ipv6Addresses = v6 == null ? null : List.of(v6);
        return nic;
    }
}
