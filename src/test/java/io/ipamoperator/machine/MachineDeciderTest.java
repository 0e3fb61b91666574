package io.ipamoperator.machine;

import static io.ipamoperator.machine.MachineFixtures.globalPool;
import static io.ipamoperator.machine.MachineFixtures.ipPool;
import static io.ipamoperator.machine.MachineFixtures.machine;
import static io.ipamoperator.machine.MachineFixtures.network;
import static io.ipamoperator.machine.MachineFixtures.networks;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.api.capi.V1Beta1Condition;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.api.ionos.IonosCloudMachineStatus;
import io.ipamoperator.events.ConditionTransition;
import io.ipamoperator.index.CachedClaim;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every decision of a machine's pass, from the machine and its claims, with a fixed clock. */
class MachineDeciderTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String UID = "machine-uid";

    private final IonosCloudMachine machine = machine("ns", "m");
    private final Map<String, CachedClaim> claims = new HashMap<>();
    private final Map<String, String> addresses = new HashMap<>();

    MachineDeciderTest() {
        machine.getMetadata().setUid(UID);
        machine.getSpec().ipv4PoolRef = ipPool("primary");
    }

    @Test
    void everyMissingClaimIsCreatedInOnePass() {
        machine.getSpec().ipv6PoolRef = ipPool("primary-v6");
        machine.getSpec().additionalNetworks = networks(network(3, globalPool("extra"), null));

        MachinePlan plan = plan();

        assertThat(plan.create())
                .extracting(NicClaim::claimName)
                .containsExactly("nic-m-ipv4", "nic-m-ipv6", "nic-m-3-ipv4");
        assertThat(condition(plan)).satisfies(c -> {
            assertThat(c.status).isEqualTo("False");
            assertThat(c.reason).isEqualTo("WaitingForIPAddress");
            assertThat(c.severity).isEqualTo("Info");
        });
        assertThat(plan.transition())
                .hasValue(new ConditionTransition(
                        false,
                        MachineDecider.CONDITION,
                        "WaitingForIPAddress",
                        "nic-m-ipv4 created, waiting for an address"));
    }

    @Test
    void aMachineWaitsWhileAClaimHasNoAddressAndNotOnceAllAreBound() {
        assertThat(plan().waiting()).isTrue();

        bound("nic-m-ipv4", "primary", "10.0.0.10");

        assertThat(plan().waiting()).isFalse();
    }

    @Test
    void boundClaimsFillTheNetworkInfoPrimaryFirstAndTheConditionIsTrue() {
        machine.getSpec().additionalNetworks = networks(network(3, globalPool("extra"), null));
        bound("nic-m-ipv4", "primary", "10.0.0.10");
        claims.put(
                "nic-m-3-ipv4",
                new CachedClaim(
                        "default",
                        "nic-m-3-ipv4",
                        "IonosCloudMachine",
                        "m",
                        UID,
                        "ipam.cluster.x-k8s.io",
                        "GlobalInClusterIPPool",
                        "extra",
                        "nic-m-3-ipv4",
                        "True",
                        "AddressAllocated",
                        "",
                        false));
        addresses.put("nic-m-3-ipv4", "192.168.50.3");

        MachinePlan plan = plan();

        assertThat(plan.create()).isEmpty();
        var nics = plan.status().orElseThrow().machineNetworkInfo.nicInfo;
        assertThat(nics)
                .extracting(n -> n.networkID, n -> n.primary, n -> n.ipv4Addresses)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, true, List.of("10.0.0.10")),
                        org.assertj.core.groups.Tuple.tuple(3, false, List.of("192.168.50.3")));
        assertThat(condition(plan).status).isEqualTo("True");
        assertThat(condition(plan).lastTransitionTime).isEqualTo("2026-12-02T10:00:00Z");
        assertThat(plan.transition())
                .hasValue(new ConditionTransition(
                        false, MachineDecider.CONDITION, "IPAddressesBound", "every NIC has its addresses"));
    }

    @Test
    void aClaimOfTheSameNameOwnedByAnotherMachineIsANameCollision() {
        claims.put(
                "nic-m-ipv4",
                new CachedClaim(
                        "default",
                        "nic-m-ipv4",
                        "IonosCloudMachine",
                        "other",
                        "other-uid",
                        "ipam.cluster.x-k8s.io",
                        "InClusterIPPool",
                        "primary",
                        "nic-m-ipv4",
                        "True",
                        "",
                        "",
                        false));
        addresses.put("nic-m-ipv4", "10.0.0.10");

        MachinePlan plan = plan();

        assertThat(plan.create()).isEmpty();
        assertThat(condition(plan).reason).isEqualTo("NameCollision");
        assertThat(condition(plan).severity).isEqualTo("Error");
        assertThat(plan.transition().orElseThrow().warning()).isTrue();
        assertThat(plan.status().orElseThrow().machineNetworkInfo.nicInfo.get(0).ipv4Addresses)
                .isNull();
    }

    @Test
    void anOwnClaimNamingAnotherPoolIsANameCollision() {
        bound("nic-m-ipv4", "somewhere-else", "10.0.0.10");

        assertThat(condition(plan()).reason).isEqualTo("NameCollision");
    }

    @Test
    void anExhaustedPoolAndAMissingPoolAreSaidAsSuch() {
        machine.getSpec().ipv6PoolRef = ipPool("primary-v6");
        claims.put("nic-m-ipv4", waiting("nic-m-ipv4", "primary", "PoolExhausted", "no free address"));
        claims.put("nic-m-ipv6", waiting("nic-m-ipv6", "primary-v6", "PoolNotReady", "not found"));

        MachinePlan plan = plan();

        assertThat(condition(plan).reason).isEqualTo("PoolExhausted");
        assertThat(condition(plan).message).isEqualTo("nic-m-ipv4: no free address");
        claims.remove("nic-m-ipv4");
        bound("nic-m-ipv4", "primary", "10.0.0.10");
        assertThat(condition(plan()).reason).isEqualTo("PoolNotFound");
    }

    @Test
    void anAddressOfTheWrongFamilyIsReportedAndNotShown() {
        bound("nic-m-ipv4", "primary", "2001:db8::10");

        MachinePlan plan = plan();

        assertThat(condition(plan).reason).isEqualTo("AddressFamilyMismatch");
        assertThat(plan.status().orElseThrow().machineNetworkInfo.nicInfo.get(0).ipv4Addresses)
                .isNull();
    }

    @Test
    void aBoundClaimWhoseIPAddressIsNotIndexedYetWaitsForIt() {
        bound("nic-m-ipv4", "primary", null);

        assertThat(condition(plan()).message).isEqualTo("nic-m-ipv4 is waiting for IPAddress nic-m-ipv4");
    }

    @Test
    void aPoolReferenceThatIsNotOneOfOurIpPoolsGetsNoClaimAndIsReported() {
        machine.getSpec().ipv4PoolRef =
                new io.ipamoperator.api.capi.PoolReference("ipam.cluster.x-k8s.io", "InClusterPrefixPool", "prefixes");

        MachinePlan plan = plan();

        assertThat(plan.create()).isEmpty();
        assertThat(condition(plan).reason).isEqualTo("InvalidPoolRef");
    }

    @Test
    void claimsTheSpecNoLongerAsksForAreReleasedButThoseOfADuplicatedNetworkAreKept() {
        bound("nic-m-ipv4", "primary", "10.0.0.10");
        bound("nic-m-5-ipv4", "gone", "10.0.5.10");
        bound("nic-m-3-ipv4", "extra", "10.0.3.10");
        machine.getSpec().additionalNetworks =
                networks(network(3, ipPool("extra"), null), network(3, ipPool("extra"), null));

        MachinePlan plan = plan();

        assertThat(plan.release()).containsExactly("nic-m-5-ipv4");
        assertThat(condition(plan).reason).isEqualTo("DuplicateNetworkID");
    }

    @Test
    void theWorstProblemWinsTheCondition() {
        machine.getSpec().additionalNetworks = networks(network(3, ipPool("a"), null), network(3, ipPool("b"), null));
        claims.put("nic-m-ipv4", waiting("nic-m-ipv4", "primary", "PoolExhausted", "full"));

        assertThat(condition(plan()).reason).isEqualTo("DuplicateNetworkID");
    }

    @Test
    void aProvisionedMachineKeepsTheNetworkInfoTheProviderReported() {
        machine.getSpec().providerID = "ionos://server";
        machine.setStatus(new IonosCloudMachineStatus());
        machine.getStatus().machineNetworkInfo = new IonosCloudMachineStatus.MachineNetworkInfo();
        machine.getStatus().machineNetworkInfo.nicInfo = List.of();
        bound("nic-m-ipv4", "primary", "10.0.0.10");

        assertThat(plan().status().orElseThrow().machineNetworkInfo.nicInfo).isEmpty();
    }

    @Test
    void aStatusThatWouldNotChangeIsNotWrittenAndNoEventIsRecorded() {
        bound("nic-m-ipv4", "primary", "10.0.0.10");
        machine.setStatus(plan().status().orElseThrow());

        MachinePlan again = plan();

        assertThat(again.status()).isEmpty();
        assertThat(again.transition()).isEmpty();
        assertThat(again.create()).isEmpty();
    }

    @Test
    void theProvidersOwnConditionsAndFieldsSurviveAndTheTransitionTimeMovesOnlyWithTheStatus() {
        machine.setStatus(new IonosCloudMachineStatus());
        machine.getStatus().ready = true;
        V1Beta1Condition provider = new V1Beta1Condition();
        provider.type = "MachineProvisioned";
        provider.status = "True";
        provider.lastTransitionTime = "2026-12-01T00:00:00Z";
        V1Beta1Condition ours = new V1Beta1Condition();
        ours.type = MachineDecider.CONDITION;
        ours.status = "False";
        ours.reason = "WaitingForIPAddress";
        ours.lastTransitionTime = "2026-12-01T12:00:00Z";
        machine.getStatus().conditions = new ArrayList<>(List.of(provider, ours));
        claims.put("nic-m-ipv4", waiting("nic-m-ipv4", "primary", "PoolExhausted", "full"));

        MachinePlan plan = plan();

        IonosCloudMachineStatus status = plan.status().orElseThrow();
        assertThat(status.ready).isTrue();
        assertThat(status.conditions)
                .extracting(c -> c.type)
                .containsExactly("MachineProvisioned", MachineDecider.CONDITION);
        assertThat(condition(plan).reason).isEqualTo("PoolExhausted");
        assertThat(condition(plan).lastTransitionTime).isEqualTo("2026-12-01T12:00:00Z");
        assertThat(plan.transition().orElseThrow().reason()).isEqualTo("PoolExhausted");
    }

    @Test
    void aFailedPassIsSaidInTheConditionOnceAndKeepsEverythingElse() {
        bound("nic-m-ipv4", "primary", "10.0.0.10");
        machine.setStatus(plan().status().orElseThrow());

        IonosCloudMachineStatus failed =
                MachineDecider.failed(machine, "denied", NOW).orElseThrow();

        V1Beta1Condition condition = failed.conditions.get(0);
        assertThat(condition.status).isEqualTo("False");
        assertThat(condition.reason).isEqualTo(MachineDecider.RECONCILE_FAILED);
        assertThat(condition.severity).isEqualTo("Error");
        assertThat(condition.message).isEqualTo("the last attempt failed, retrying with back-off: denied");
        assertThat(failed.machineNetworkInfo.nicInfo.get(0).ipv4Addresses).containsExactly("10.0.0.10");
        machine.setStatus(failed);
        assertThat(MachineDecider.failed(machine, "denied", NOW.plusSeconds(5))).isEmpty();
    }

    private MachinePlan plan() {
        List<CachedClaim> owned = claims.values().stream()
                .filter(claim -> UID.equals(claim.controllerUid()))
                .toList();
        return MachineDecider.plan(
                machine,
                name -> Optional.ofNullable(claims.get(name)),
                owned,
                name -> Optional.ofNullable(addresses.get(name)).flatMap(IpAddress::parse),
                NOW);
    }

    private void bound(String claim, String pool, String address) {
        claims.put(
                claim,
                new CachedClaim(
                        "default",
                        claim,
                        "IonosCloudMachine",
                        "m",
                        UID,
                        "ipam.cluster.x-k8s.io",
                        "InClusterIPPool",
                        pool,
                        claim,
                        "True",
                        "AddressAllocated",
                        "",
                        false));
        if (address != null) {
            addresses.put(claim, address);
        }
    }

    private static CachedClaim waiting(String claim, String pool, String reason, String message) {
        return new CachedClaim(
                "default",
                claim,
                "IonosCloudMachine",
                "m",
                UID,
                "ipam.cluster.x-k8s.io",
                "InClusterIPPool",
                pool,
                null,
                "False",
                reason,
                message,
                false);
    }

    private static V1Beta1Condition condition(MachinePlan plan) {
        return plan.status().orElseThrow().conditions.stream()
                .filter(c -> MachineDecider.CONDITION.equals(c.type))
                .findFirst()
                .orElseThrow();
    }
}
