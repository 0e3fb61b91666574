package io.ipamoperator.machine;

import io.ipamoperator.api.capi.PoolReference;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.api.ionos.IpamConfig;
import io.ipamoperator.api.ionos.Network;
import io.ipamoperator.identity.PoolKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The claims a machine's spec asks for, in NIC order (primary first, then the additional networks in spec order,
 * IPv4 before IPv6), and what is wrong with the spec: a {@code networkID} listed twice (its claims would share a
 * name, so neither is created) or a pool reference that is not one of our IP pool kinds.
 */
public record NicClaims(List<NicClaim> claims, List<String> duplicateNetworks, List<String> invalidPoolRefs) {

    public static NicClaims of(IonosCloudMachine machine) {
        String name = machine.getMetadata().getName();
        List<NicClaim> claims = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        add(claims, invalid, name, 0, null, machine.getSpec());
        Set<Integer> seen = new HashSet<>();
        Set<Integer> duplicated = new HashSet<>();
        List<Network> networks =
                machine.getSpec().additionalNetworks == null ? List.of() : machine.getSpec().additionalNetworks;
        networks.forEach(network -> {
            if (!seen.add(network.networkID)) {
                duplicated.add(network.networkID);
            }
        });
        for (int i = 0; i < networks.size(); i++) {
            Network network = networks.get(i);
            if (!duplicated.contains(network.networkID)) {
                add(claims, invalid, name, i + 1, network.networkID, network);
            }
        }
        return new NicClaims(
                claims,
                duplicated.stream()
                        .sorted()
                        .map(id -> "networkID " + id + " is listed more than once")
                        .toList(),
                invalid);
    }

    private static void add(
            List<NicClaim> claims,
            List<String> invalid,
            String machine,
            int nicIndex,
            Integer networkID,
            IpamConfig config) {
        addFamily(claims, invalid, machine, nicIndex, networkID, NicClaim.Family.IPV4, config.ipv4PoolRef);
        addFamily(claims, invalid, machine, nicIndex, networkID, NicClaim.Family.IPV6, config.ipv6PoolRef);
    }

    private static void addFamily(
            List<NicClaim> claims,
            List<String> invalid,
            String machine,
            int nicIndex,
            Integer networkID,
            NicClaim.Family family,
            PoolReference ref) {
        if (ref == null) {
            return;
        }
        String field = (networkID == null ? "spec." : "spec.additionalNetworks[networkID=" + networkID + "].")
                + family.suffix() + "PoolReference";
        boolean ipPool = PoolKind.of(ref.apiGroup, ref.kind)
                .filter(kind -> !kind.prefixPool())
                .isPresent();
        if (!ipPool || ref.name == null || ref.name.isEmpty()) {
            invalid.add(field + " must name an InClusterIPPool or GlobalInClusterIPPool of ipam.cluster.x-k8s.io");
            return;
        }
        claims.add(new NicClaim(nicIndex, networkID, family, ref, NicClaim.claimName(machine, networkID, family)));
    }
}
