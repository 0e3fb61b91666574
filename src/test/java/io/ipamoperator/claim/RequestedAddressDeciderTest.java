package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.claim.ClaimFacts.ClusterState;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.PoolState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which address a claim asks for: its requested-address annotation, its pool's pre-allocation, or neither. */
class RequestedAddressDeciderTest {

    private static final PoolId POOL = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "pool");
    private static final PoolState READY = new PoolState("pool-uid", "v", false, false, 0);

    @Test
    void aClaimWithoutAnnotationOrPreAllocationGetsTheLowestFree() {
        assertThat(ClaimDecider.bind(facts(Map.of(), Optional.empty()))).isInstanceOf(ClaimStep.Allocate.class);
    }

    @Test
    void theAnnotationAsksForExactlyItsAddress() {
        ClaimStep step = ClaimDecider.bind(facts(requesting("10.0.0.42"), Optional.empty()));

        assertThat(step)
                .isEqualTo(new ClaimStep.AllocateRequested(new RequestedAddress(
                        IpAddress.of("10.0.0.42"), OptionalInt.empty(), RequestedAddress.ANNOTATION_SOURCE)));
    }

    @Test
    void aPrefixPoolClaimMayAskForASubPrefixWithItsLength() {
        ClaimStep step = ClaimDecider.bind(facts(requesting("fd00:1:0:7::/64"), Optional.empty()));

        assertThat(((ClaimStep.AllocateRequested) step).requested().prefixLength())
                .isEqualTo(OptionalInt.of(64));
    }

    @Test
    void aPreAllocatedClaimAsksForItsPreAllocation() {
        ClaimStep step = ClaimDecider.bind(facts(Map.of(), Optional.of(IpAddress.of("10.0.0.7"))));

        assertThat(step)
                .isEqualTo(new ClaimStep.AllocateRequested(RequestedAddress.preAllocated(IpAddress.of("10.0.0.7"))));
    }

    @Test
    void anAnnotationAgreeingWithThePreAllocationIsHonoured() {
        ClaimStep step = ClaimDecider.bind(facts(requesting("10.0.0.7"), Optional.of(IpAddress.of("10.0.0.7"))));

        assertThat(step).isInstanceOf(ClaimStep.AllocateRequested.class);
    }

    @Test
    void anAnnotationContradictingThePreAllocationIsRefusedNamingBoth() {
        ClaimStep step = ClaimDecider.bind(facts(requesting("10.0.0.8"), Optional.of(IpAddress.of("10.0.0.7"))));

        assertThat(step)
                .isEqualTo(new ClaimStep.UnusableRequest("the annotation ipam.cluster.x-k8s.io/requested-address asks"
                        + " for 10.0.0.8 but InClusterIPPool ns/pool pre-allocates 10.0.0.7 to this claim; remove one"
                        + " of them"));
    }

    @ParameterizedTest(name = "\"{0}\" is not an address")
    @ValueSource(strings = {"", "banana", "10.0.0.300", "10.0.0.1/33", "fd00::/x", "10.0.0.1-10.0.0.5"})
    void anUnreadableAnnotationIsRefusedQuotingIt(String value) {
        ClaimStep step = ClaimDecider.bind(facts(requesting(value), Optional.empty()));

        assertThat(step)
                .isEqualTo(new ClaimStep.UnusableRequest("the annotation ipam.cluster.x-k8s.io/requested-address=\""
                        + value + "\" is not an IP address (or, for a prefix pool, address/length)"));
    }

    @Test
    void aBoundClaimKeepsItsAddressWhateverItAsksFor() {
        ClaimFacts facts = new ClaimFacts(
                claim(requesting("10.0.0.99")),
                POOL,
                Optional.of(READY),
                true,
                Optional.of(ClaimDeciderTest.ownAddressForRequests()),
                ClusterState.NONE,
                false,
                List.of(),
                Optional.empty());

        assertThat(ClaimDecider.bind(facts)).isInstanceOf(ClaimStep.Adopt.class);
    }

    private static Map<String, String> requesting(String address) {
        return Map.of(CapiNames.REQUESTED_ADDRESS_ANNOTATION, address);
    }

    private static ClaimFacts facts(Map<String, String> annotations, Optional<IpAddress> preAllocated) {
        return new ClaimFacts(
                claim(annotations),
                POOL,
                Optional.of(READY),
                true,
                Optional.empty(),
                ClusterState.NONE,
                false,
                List.of(),
                preAllocated);
    }

    private static ClaimView claim(Map<String, String> annotations) {
        return new ClaimView(
                "ipam.cluster.x-k8s.io/v1beta2",
                "ns",
                "node",
                "uid",
                Map.of(),
                annotations,
                Instant.parse("2026-12-02T09:00:00Z"),
                null,
                Optional.empty(),
                CapiNames.IPAM_GROUP,
                "InClusterIPPool",
                "pool",
                Optional.empty(),
                null);
    }
}
