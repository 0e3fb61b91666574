package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.claim.ClaimFacts.ClusterState;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressRecord;
import io.ipamoperator.index.PoolState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bind and release rule of a claim, as a table: facts in, step out, with a fixed clock. */
class ClaimDeciderTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final PoolId POOL = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "pool");
    private static final PoolState READY = new PoolState("pool-uid", "ipam.cluster.x-k8s.io/v1alpha2", false, false, 0);
    private static final PoolState PAUSED = new PoolState("pool-uid", "v", true, false, 0);
    private static final PoolState DELETING = new PoolState("pool-uid", "v", false, true, 0);
    private static final PoolState GRACE_60 = new PoolState("pool-uid", "v", false, false, 60);
    private static final PoolState DELETING_GRACE_60 = new PoolState("pool-uid", "v", false, true, 60);
    private static final AddressRecord OWN = address("InClusterIPPool", "pool");
    private static final AddressRecord FOREIGN = address("InClusterIPPool", "other");

    static Stream<Arguments> bindRules() {
        return Stream.of(
                row(
                        "a paused claim is left alone",
                        claim(true, null),
                        ClusterState.NONE,
                        READY,
                        true,
                        null,
                        ClaimStep.Skip.class),
                row(
                        "a claim whose Cluster does not exist waits for it",
                        claim(false, null),
                        ClusterState.MISSING,
                        READY,
                        true,
                        null,
                        ClaimStep.Skip.class),
                row(
                        "a claim of a paused Cluster is left alone",
                        claim(false, null),
                        ClusterState.PAUSED,
                        READY,
                        true,
                        null,
                        ClaimStep.Skip.class),
                row(
                        "a claim of a paused pool waits for it",
                        claim(false, null),
                        ClusterState.ACTIVE,
                        PAUSED,
                        true,
                        null,
                        ClaimStep.WaitForPausedPool.class),
                row(
                        "an IPAddress of the claim's name in its pool is adopted",
                        claim(false, null),
                        ClusterState.NONE,
                        READY,
                        true,
                        OWN,
                        ClaimStep.Adopt.class),
                row(
                        "an IPAddress of the claim's name in another pool is reported, not overwritten",
                        claim(false, null),
                        ClusterState.NONE,
                        READY,
                        true,
                        FOREIGN,
                        ClaimStep.ForeignAddress.class),
                row(
                        "a missing pool cannot serve",
                        claim(false, null),
                        ClusterState.NONE,
                        null,
                        false,
                        null,
                        ClaimStep.PoolCannotServe.class),
                row(
                        "a pool being deleted cannot serve",
                        claim(false, null),
                        ClusterState.NONE,
                        DELETING,
                        true,
                        null,
                        ClaimStep.PoolCannotServe.class),
                row(
                        "a pool with an invalid spec cannot serve",
                        claim(false, null),
                        ClusterState.NONE,
                        READY,
                        false,
                        null,
                        ClaimStep.PoolCannotServe.class),
                row(
                        "a claim of a ready pool gets an address",
                        claim(false, null),
                        ClusterState.ACTIVE,
                        READY,
                        true,
                        null,
                        ClaimStep.Allocate.class),
                row(
                        "the paused claim wins over a missing pool",
                        claim(true, null),
                        ClusterState.NONE,
                        null,
                        false,
                        null,
                        ClaimStep.Skip.class),
                row(
                        "an existing address is adopted even from a pool whose spec became invalid",
                        claim(false, null),
                        ClusterState.NONE,
                        READY,
                        false,
                        OWN,
                        ClaimStep.Adopt.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindRules")
    void bindRule(String rule, ClaimFacts facts, Class<? extends ClaimStep> expected) {
        assertThat(ClaimDecider.bind(facts)).isInstanceOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindRules")
    void bindNeverDependsOnTheClock(String rule, ClaimFacts facts, Class<? extends ClaimStep> expected) {
        assertThat(ClaimDecider.bind(facts)).isEqualTo(ClaimDecider.bind(facts));
    }

    static Stream<Arguments> releaseRules() {
        Instant deletedJustNow = NOW.minusSeconds(10);
        Instant deletedLongAgo = NOW.minusSeconds(600);
        return Stream.of(
                row(
                        "a claim of a paused Cluster keeps its finalizer",
                        claim(false, deletedJustNow),
                        ClusterState.PAUSED,
                        READY,
                        true,
                        OWN,
                        ClaimStep.Hold.class),
                row(
                        "a claim of a paused Cluster that holds nothing is released at once",
                        claim(false, deletedJustNow),
                        ClusterState.PAUSED,
                        READY,
                        true,
                        null,
                        ClaimStep.Release.class),
                row(
                        "a claim of a paused pool keeps its finalizer even when it holds nothing",
                        claim(false, deletedJustNow),
                        ClusterState.NONE,
                        PAUSED,
                        true,
                        null,
                        ClaimStep.Hold.class),
                row(
                        "a claim of a paused pool keeps its finalizer",
                        claim(false, deletedJustNow),
                        ClusterState.NONE,
                        PAUSED,
                        true,
                        OWN,
                        ClaimStep.Hold.class),
                row(
                        "a claim whose Cluster is gone is still released",
                        claim(false, deletedJustNow),
                        ClusterState.MISSING,
                        READY,
                        true,
                        OWN,
                        ClaimStep.Release.class),
                row(
                        "an address within the reuse grace period is held",
                        claim(false, deletedJustNow),
                        ClusterState.NONE,
                        GRACE_60,
                        true,
                        OWN,
                        ClaimStep.Hold.class),
                row(
                        "an address past the reuse grace period is released",
                        claim(false, deletedLongAgo),
                        ClusterState.NONE,
                        GRACE_60,
                        true,
                        OWN,
                        ClaimStep.Release.class),
                row(
                        "a pool being deleted keeps no address for its grace period",
                        claim(false, deletedJustNow),
                        ClusterState.NONE,
                        DELETING_GRACE_60,
                        true,
                        OWN,
                        ClaimStep.Release.class),
                row(
                        "an IPAddress of another pool is not held for this pool's grace period",
                        claim(false, deletedJustNow),
                        ClusterState.NONE,
                        GRACE_60,
                        true,
                        FOREIGN,
                        ClaimStep.Release.class),
                row(
                        "a claim of a missing pool is released",
                        claim(false, deletedJustNow),
                        ClusterState.NONE,
                        null,
                        false,
                        null,
                        ClaimStep.Release.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releaseRules")
    void releaseRule(String rule, ClaimFacts facts, Class<? extends ClaimStep> expected) {
        assertThat(ClaimDecider.release(facts, NOW)).isInstanceOf(expected);
    }

    @org.junit.jupiter.api.Test
    void aClaimOfAPausedClusterWhoseAllocationIsBeingWrittenKeepsItsFinalizer() {
        ClaimFacts writing = new ClaimFacts(
                claim(false, NOW.minusSeconds(1)),
                POOL,
                Optional.of(READY),
                true,
                Optional.empty(),
                ClusterState.PAUSED,
                true,
                List.of());

        assertThat(ClaimDecider.release(writing, NOW)).isInstanceOf(ClaimStep.Hold.class);
    }

    @org.junit.jupiter.api.Test
    void theGracePeriodHoldsExactlyUntilDeletionPlusItsSeconds() {
        ClaimFacts facts = facts(claim(false, NOW.minusSeconds(10)), ClusterState.NONE, GRACE_60, true, OWN);

        ClaimStep step = ClaimDecider.release(facts, NOW);

        assertThat(step)
                .isEqualTo(new ClaimStep.Hold(
                        Optional.of(Duration.ofSeconds(50)),
                        false,
                        "address reuse grace period until 2026-12-02T10:00:50Z"));
        assertThat(ClaimDecider.release(facts, NOW.plusSeconds(50))).isInstanceOf(ClaimStep.Release.class);
    }

    @org.junit.jupiter.api.Test
    void onlyAPausedPoolMakesAHeldClaimWaitForThePool() {
        ClaimView deleting = claim(false, NOW);
        assertThat(ClaimDecider.release(facts(deleting, ClusterState.NONE, PAUSED, true, OWN), NOW))
                .isEqualTo(new ClaimStep.Hold(Optional.empty(), true, POOL + " is paused"));
        assertThat(ClaimDecider.release(facts(deleting, ClusterState.PAUSED, READY, true, OWN), NOW))
                .isEqualTo(new ClaimStep.Hold(Optional.empty(), false, "its Cluster is paused"));
    }

    @org.junit.jupiter.api.Test
    void whyAPoolCannotServeIsSaidInTheResultAndTheMessage() {
        assertThat(ClaimDecider.bind(facts(claim(false, null), ClusterState.NONE, null, false, null)))
                .isEqualTo(new ClaimStep.PoolCannotServe(
                        AllocationEvent.Result.POOL_NOT_FOUND, "InClusterIPPool ns/pool not found"));
        assertThat(ClaimDecider.bind(facts(claim(false, null), ClusterState.NONE, DELETING, true, null)))
                .isEqualTo(new ClaimStep.PoolCannotServe(
                        AllocationEvent.Result.POOL_NOT_READY, "InClusterIPPool ns/pool is being deleted"));
        assertThat(ClaimDecider.bind(facts(claim(false, null), ClusterState.NONE, READY, false, null)))
                .isEqualTo(new ClaimStep.PoolCannotServe(
                        AllocationEvent.Result.POOL_NOT_READY,
                        "InClusterIPPool ns/pool has an invalid spec; see its Ready condition"));
    }

    @org.junit.jupiter.api.Test
    void aForeignAddressNamesThePoolItBelongsTo() {
        assertThat(ClaimDecider.bind(facts(claim(false, null), ClusterState.NONE, READY, true, FOREIGN)))
                .isEqualTo(new ClaimStep.ForeignAddress("IPAddress ns/node already exists and belongs to "
                        + "InClusterIPPool other; delete it or point the claim at that pool"));
    }

    @Test
    void aClaimNotBoundYetYieldsAnAddressAnEarlierIPAddressHolds() {
        AddressRecord earlier = sharing("moved", NOW.minusSeconds(2));
        ClaimFacts facts = sharedFacts(claim(false, null), NOW, earlier);

        assertThat(ClaimDecider.bind(facts))
                .isEqualTo(new ClaimStep.YieldSharedAddress(
                        "IPAddress ns/node holds 10.0.0.10, which IPAddress ns/moved (created no later) holds too"));
    }

    @Test
    void aClaimNotBoundYetYieldsToAnIPAddressCreatedInTheSameInstant() {
        ClaimFacts facts = sharedFacts(claim(false, null), NOW, sharing("moved", NOW));

        assertThat(ClaimDecider.bind(facts)).isInstanceOf(ClaimStep.YieldSharedAddress.class);
    }

    @Test
    void aClaimWhoseIPAddressCameFirstIsAdoptedDespiteALaterDuplicate() {
        ClaimFacts facts = sharedFacts(claim(false, null), NOW, sharing("later", NOW.plusSeconds(1)));

        assertThat(ClaimDecider.bind(facts)).isInstanceOf(ClaimStep.Adopt.class);
    }

    @Test
    void aBoundClaimNeverYieldsItsAddress() {
        ClaimFacts facts = sharedFacts(boundClaim(), NOW, sharing("moved", NOW.minusSeconds(60)));

        assertThat(ClaimDecider.bind(facts)).isInstanceOf(ClaimStep.Adopt.class);
    }

    @Test
    void anIPAddressAlreadyCarryingEveryMarkIsAdoptedWithoutAWrite() {
        ClaimFacts facts = adoptionFacts(new AddressRecord.Marks(Set.of("uid", "pool-uid"), true, "c1"));

        assertThat(ClaimDecider.bind(facts)).isEqualTo(new ClaimStep.Adopt(true));
    }

    static Stream<Arguments> incompleteMarks() {
        return Stream.of(
                Arguments.of(
                        "no owner reference to the claim", new AddressRecord.Marks(Set.of("pool-uid"), true, "c1")),
                Arguments.of("no owner reference to the pool", new AddressRecord.Marks(Set.of("uid"), true, "c1")),
                Arguments.of("no finalizer", new AddressRecord.Marks(Set.of("uid", "pool-uid"), false, "c1")),
                Arguments.of("no cluster-name label", new AddressRecord.Marks(Set.of("uid", "pool-uid"), true, null)),
                Arguments.of(
                        "another cluster's label", new AddressRecord.Marks(Set.of("uid", "pool-uid"), true, "c2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incompleteMarks")
    void anIPAddressMissingAMarkIsCompletedWhenAdopted(String missing, AddressRecord.Marks marks) {
        assertThat(ClaimDecider.bind(adoptionFacts(marks))).isEqualTo(new ClaimStep.Adopt(false));
    }

    @Test
    void anIPAddressWhosePoolIsNotKnownYetIsAdoptedOnlyOnceThePoolIs() {
        ClaimFacts facts = adoptionFacts(new AddressRecord.Marks(Set.of(), false, null), Optional.empty());

        assertThat(ClaimDecider.bind(facts))
                .isEqualTo(new ClaimStep.PoolCannotServe(
                        AllocationEvent.Result.POOL_NOT_FOUND,
                        POOL + " not found; IPAddress ns/node is adopted once it exists"));
    }

    @Test
    void anIPAddressAdoptedEarlierStaysBoundWhileItsPoolIsNotKnown() {
        ClaimFacts facts =
                adoptionFacts(new AddressRecord.Marks(Set.of("uid", "pool-uid"), true, "c1"), Optional.empty());

        assertThat(ClaimDecider.bind(facts)).isEqualTo(new ClaimStep.Adopt(true));
    }

    private static ClaimFacts adoptionFacts(AddressRecord.Marks marks) {
        return adoptionFacts(marks, Optional.of(READY));
    }

    private static ClaimFacts adoptionFacts(AddressRecord.Marks marks, Optional<PoolState> pool) {
        AddressRecord own = ownAddress(null, marks);
        return new ClaimFacts(
                claim(false, null), POOL, pool, true, Optional.of(own), ClusterState.NONE, false, List.of());
    }

    @Test
    void aClaimWhoseAllocationIsInFlightWaitsForItsIPAddress() {
        ClaimFacts facts = new ClaimFacts(
                claim(false, null),
                POOL,
                Optional.of(READY),
                true,
                Optional.empty(),
                ClusterState.NONE,
                true,
                List.of());

        assertThat(ClaimDecider.bind(facts)).isInstanceOf(ClaimStep.AwaitWrittenAddress.class);
    }

    private static ClaimFacts sharedFacts(ClaimView claim, Instant ownCreated, AddressRecord sharer) {
        AddressRecord own = ownAddress(ownCreated, AddressRecord.Marks.NONE);
        return new ClaimFacts(
                claim, POOL, Optional.of(READY), true, Optional.of(own), ClusterState.NONE, false, List.of(sharer));
    }

    /** The claim's own IPAddress, complete, for the requested-address rules. */
    static AddressRecord ownAddressForRequests() {
        return ownAddress(null, AddressRecord.Marks.NONE);
    }

    /** The claim's own IPAddress ("node" in "pool", 10.0.0.10). */
    private static AddressRecord ownAddress(Instant created, AddressRecord.Marks marks) {
        return new AddressRecord(
                "ns",
                "node",
                CapiNames.IPAM_GROUP,
                "InClusterIPPool",
                "pool",
                "10.0.0.10",
                24,
                "node",
                false,
                created,
                marks);
    }

    private static AddressRecord sharing(String name, Instant created) {
        return new AddressRecord(
                "ns",
                name,
                CapiNames.IPAM_GROUP,
                "InClusterIPPool",
                "pool",
                "10.0.0.10",
                24,
                name,
                false,
                created,
                AddressRecord.Marks.NONE);
    }

    private static ClaimView boundClaim() {
        ClaimView claim = claim(false, null);
        return new ClaimView(
                claim.apiVersion(),
                claim.namespace(),
                claim.name(),
                claim.uid(),
                claim.labels(),
                claim.annotations(),
                claim.creationTimestamp(),
                null,
                claim.clusterName(),
                claim.poolApiGroup(),
                claim.poolKind(),
                claim.poolName(),
                Optional.of(claim.name()),
                null);
    }

    private static Arguments row(
            String rule,
            ClaimView claim,
            ClusterState cluster,
            PoolState pool,
            boolean allocatable,
            AddressRecord address,
            Class<? extends ClaimStep> expected) {
        return Arguments.of(rule, facts(claim, cluster, pool, allocatable, address), expected);
    }

    private static ClaimFacts facts(
            ClaimView claim, ClusterState cluster, PoolState pool, boolean allocatable, AddressRecord address) {
        return new ClaimFacts(
                claim,
                POOL,
                Optional.ofNullable(pool),
                allocatable,
                Optional.ofNullable(address),
                cluster,
                false,
                List.of());
    }

    private static ClaimView claim(boolean paused, Instant deleted) {
        Map<String, String> annotations = paused ? Map.of(CapiNames.PAUSED_ANNOTATION, "") : Map.of();
        return new ClaimView(
                "ipam.cluster.x-k8s.io/v1beta2",
                "ns",
                "node",
                "uid",
                Map.of(),
                annotations,
                NOW.minusSeconds(3600),
                deleted,
                Optional.of("c1"),
                CapiNames.IPAM_GROUP,
                "InClusterIPPool",
                "pool",
                Optional.empty(),
                null);
    }

    private static AddressRecord address(String kind, String pool) {
        return new AddressRecord(
                "ns",
                "node",
                CapiNames.IPAM_GROUP,
                kind,
                pool,
                "10.0.0.10",
                24,
                "node",
                false,
                null,
                AddressRecord.Marks.NONE);
    }
}
