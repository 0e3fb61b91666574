package io.ipamoperator.machine;

import static io.ipamoperator.machine.MachineFixtures.ipPool;
import static io.ipamoperator.machine.MachineFixtures.machine;
import static io.ipamoperator.machine.MachineFixtures.network;
import static io.ipamoperator.machine.MachineFixtures.networks;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.api.capi.PoolReference;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.api.ionos.IonosCloudMachineStatus.NicInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NicClaimsTest {

    @Test
    void claimsAreNamedAfterTheMachineTheLanIdAndTheFamilyInNicOrder() {
        IonosCloudMachine machine = machine("ns", "example-machine");
        machine.getSpec().ipv4PoolRef = ipPool("primary-node-ips");
        machine.getSpec().ipv6PoolRef = ipPool("primary-v6");
        machine.getSpec().additionalNetworks =
                networks(network(3, ipPool("additional-node-ips"), null), network(7, null, ipPool("v6-only")));

        assertThat(NicClaims.of(machine).claims())
                .extracting(NicClaim::claimName)
                .containsExactly(
                        "nic-example-machine-ipv4",
                        "nic-example-machine-ipv6",
                        "nic-example-machine-3-ipv4",
                        "nic-example-machine-7-ipv6");
    }

    @Test
    void aNetworkIdListedTwiceIsReportedAndGetsNoClaims() {
        IonosCloudMachine machine = machine("ns", "m");
        machine.getSpec().additionalNetworks =
                networks(network(3, ipPool("a"), null), network(3, ipPool("b"), null), network(4, ipPool("c"), null));

        NicClaims claims = NicClaims.of(machine);

        assertThat(claims.claims()).extracting(NicClaim::claimName).containsExactly("nic-m-4-ipv4");
        assertThat(claims.duplicateNetworks()).containsExactly("networkID 3 is listed more than once");
    }

    @Test
    void aPoolRefThatIsNotOneOfOurIpPoolKindsIsReported() {
        IonosCloudMachine machine = machine("ns", "m");
        machine.getSpec().ipv4PoolRef = new PoolReference("ipam.cluster.x-k8s.io", "InClusterPrefixPool", "p");
        machine.getSpec().ipv6PoolRef = new PoolReference("ipam.metal3.io", "IPPool", "q");

        NicClaims claims = NicClaims.of(machine);

        assertThat(claims.claims()).isEmpty();
        assertThat(claims.invalidPoolRefs())
                .hasSize(2)
                .allSatisfy(message ->
                        assertThat(message).contains("must name an InClusterIPPool or GlobalInClusterIPPool"));
    }

    @Test
    void nicInfoListsThePrimaryFirstThenEachNetworkInSpecOrderWithItsLanId() {
        IonosCloudMachine machine = machine("ns", "m");
        machine.getSpec().ipv4PoolRef = ipPool("p");
        machine.getSpec().additionalNetworks = networks(network(9, ipPool("a"), null), network(3, null, null));

        var nics = MachineAddresses.nicInfo(machine, Map.of("nic-m-ipv4", "10.0.0.5", "nic-m-9-ipv4", "10.9.0.5"));

        assertThat(nics)
                .extracting(n -> n.primary, n -> n.networkID)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(true, 0),
                        org.assertj.core.groups.Tuple.tuple(false, 9),
                        org.assertj.core.groups.Tuple.tuple(false, 3));
        assertThat(nics.get(0).ipv4Addresses).containsExactly("10.0.0.5");
        assertThat(nics.get(1).ipv4Addresses).containsExactly("10.9.0.5");
        assertThat(nics.get(2).ipv4Addresses).isNull();
        NicInfo primary = nics.get(0);
        assertThat(primary.ipv6Addresses).isNull();
    }
}
