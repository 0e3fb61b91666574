package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.IpPoolSpecification;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.claim.ClaimFacts.ClusterState;
import io.ipamoperator.claim.ClaimPlan.AddressChange;
import io.ipamoperator.claim.ClaimPlan.PoolWait;
import io.ipamoperator.events.ConditionTransition;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AllocationAttempt;
import io.ipamoperator.index.PoolState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every plan a claim reconcile can make, as a table (unit tier, fixed clock): the step and the index's answer in;
 * the IPAddress change, the status with the exact message a user reads, the Event, the metric outcome, the wait and
 * when to look again out.
 */
class ClaimPlannerTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");
    private static final Duration WAIT_RETRY = Duration.ofSeconds(30);
    private static final PoolId POOL = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "pool");
    private static final PoolState READY = new PoolState("pool-uid", "ipam.cluster.x-k8s.io/v1alpha2", false, false, 0);
    private static final PoolLayout LAYOUT = IpPoolDefinition.validate(
                    IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.19"), 24, "10.0.0.1"))
            .definition()
            .orElseThrow();
    private static final RequestedAddress REQUESTED =
            RequestedAddress.parse("10.0.0.15").orElseThrow();

    private final ClaimPlanner planner = new ClaimPlanner(WAIT_RETRY);

    /** What a plan says, in the terms a user and the metrics see. */
    record Expected(
            Class<? extends AddressChange> change,
            ClaimDecision.Kind kind,
            String reason,
            String message,
            Optional<AllocationEvent.Result> measured,
            PoolWait poolWait,
            Optional<Duration> requeueAfter) {}

    static Stream<Arguments> bindPlans() {
        return Stream.of(
                row(
                        "a claim of a missing Cluster waits for it, said at info level",
                        new ClaimStep.Skip("its Cluster c1 does not exist yet"),
                        ClusterState.MISSING,
                        new Expected(
                                AddressChange.None.class,
                                ClaimDecision.Kind.UNCHANGED,
                                null,
                                null,
                                Optional.empty(),
                                PoolWait.STOP,
                                Optional.of(WAIT_RETRY))),
                row(
                        "a paused pool is waited for, its next change wakes the claim",
                        new ClaimStep.WaitForPausedPool(),
                        ClusterState.NONE,
                        new Expected(
                                AddressChange.None.class,
                                ClaimDecision.Kind.UNCHANGED,
                                null,
                                null,
                                Optional.empty(),
                                PoolWait.WAIT,
                                Optional.of(WAIT_RETRY))),
                row(
                        "an IPAddress of another pool is reported, nothing is overwritten",
                        new ClaimStep.ForeignAddress("IPAddress ns/a already exists and belongs to InClusterIPPool"
                                + " other; delete it or point the claim at that pool"),
                        ClusterState.NONE,
                        new Expected(
                                AddressChange.None.class,
                                ClaimDecision.Kind.STATUS,
                                CapiNames.REASON_ALLOCATION_FAILED,
                                "IPAddress ns/a already exists and belongs to InClusterIPPool other; delete it or"
                                        + " point the claim at that pool",
                                Optional.empty(),
                                PoolWait.STOP,
                                Optional.of(WAIT_RETRY))),
                row(
                        "an address written but not indexed is waited for the in-flight time",
                        new ClaimStep.AwaitWrittenAddress(),
                        ClusterState.NONE,
                        new Expected(
                                AddressChange.None.class,
                                ClaimDecision.Kind.UNCHANGED,
                                null,
                                null,
                                Optional.empty(),
                                PoolWait.STOP,
                                Optional.of(ClaimPlanner.IN_FLIGHT_WAIT))),
                row(
                        "an IPAddress sharing its address with an earlier one is deleted",
                        new ClaimStep.YieldSharedAddress("IPAddress ns/a holds 10.0.0.10, which IPAddress ns/b"
                                + " (created no later) holds too"),
                        ClusterState.NONE,
                        new Expected(
                                AddressChange.Yield.class,
                                ClaimDecision.Kind.UNCHANGED,
                                null,
                                null,
                                Optional.empty(),
                                PoolWait.STOP,
                                Optional.of(WAIT_RETRY))),
                row(
                        "the claim's IPAddress in its pool binds it",
                        new ClaimStep.Adopt(true),
                        ClusterState.NONE,
                        new Expected(
                                AddressChange.Adopt.class,
                                ClaimDecision.Kind.STATUS,
                                ReadyCondition.REASON_ADDRESS_ALLOCATED,
                                "bound to IPAddress a",
                                Optional.empty(),
                                PoolWait.STOP,
                                Optional.empty())),
                row(
                        "an unusable request is said, and the pool's next change looked at",
                        new ClaimStep.UnusableRequest("the annotation ipam.cluster.x-k8s.io/requested-address=\"x\""
                                + " is not an IP address (or, for a prefix pool, address/length)"),
                        ClusterState.NONE,
                        new Expected(
                                AddressChange.None.class,
                                ClaimDecision.Kind.STATUS,
                                CapiNames.REASON_ALLOCATION_FAILED,
                                "the annotation ipam.cluster.x-k8s.io/requested-address=\"x\" is not an IP address"
                                        + " (or, for a prefix pool, address/length)",
                                Optional.of(AllocationEvent.Result.REQUESTED_UNAVAILABLE),
                                PoolWait.WAIT,
                                Optional.of(WAIT_RETRY))),
                row(
                        "a pool that cannot serve is said, and waited for",
                        new ClaimStep.PoolCannotServe(
                                AllocationEvent.Result.POOL_NOT_FOUND, "InClusterIPPool ns/pool" + " not found"),
                        ClusterState.NONE,
                        new Expected(
                                AddressChange.None.class,
                                ClaimDecision.Kind.STATUS,
                                CapiNames.REASON_POOL_NOT_READY,
                                "InClusterIPPool ns/pool not found",
                                Optional.of(AllocationEvent.Result.POOL_NOT_FOUND),
                                PoolWait.WAIT,
                                Optional.of(WAIT_RETRY))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindPlans")
    void bindPlan(String rule, ClaimStep step, ClusterState cluster, Expected expected) {
        ClaimPlan plan = planner.bind(facts(claim(null), cluster), step, false, NOW);

        assertPlan(plan, expected);
    }

    static Stream<Arguments> attemptPlans() {
        return Stream.of(
                row(
                        "a granted address is written and the wait for the pool ends",
                        new AllocationAttempt.Granted(IpAddress.of("10.0.0.10")),
                        Optional.empty(),
                        new Expected(
                                AddressChange.Create.class,
                                ClaimDecision.Kind.UNCHANGED,
                                null,
                                null,
                                Optional.of(AllocationEvent.Result.ALLOCATED),
                                PoolWait.STOP,
                                Optional.of(ClaimPlanner.IN_FLIGHT_WAIT))),
                row(
                        "an exhausted pool is said and waited for",
                        new AllocationAttempt.Exhausted(0),
                        Optional.empty(),
                        new Expected(
                                AddressChange.None.class,
                                ClaimDecision.Kind.STATUS,
                                CapiNames.REASON_POOL_EXHAUSTED,
                                "InClusterIPPool ns/pool has no free address; the claim is bound as soon as one is"
                                        + " released",
                                Optional.of(AllocationEvent.Result.EXHAUSTED),
                                PoolWait.WAIT,
                                Optional.of(WAIT_RETRY))),
                row(
                        "a pool exhausted by the addresses left to earlier claims says how many",
                        new AllocationAttempt.Exhausted(2),
                        Optional.empty(),
                        new Expected(
                                AddressChange.None.class,
                                ClaimDecision.Kind.STATUS,
                                CapiNames.REASON_POOL_EXHAUSTED,
                                "InClusterIPPool ns/pool has no free address left after the 2 claim(s) created"
                                        + " earlier; the claim is bound as soon as one is released",
                                Optional.of(AllocationEvent.Result.EXHAUSTED),
                                PoolWait.WAIT,
                                Optional.of(WAIT_RETRY))),
                row(
                        "a requested address held by others names them",
                        new AllocationAttempt.HeldBy(List.of("IPAddress ns/other")),
                        Optional.of(REQUESTED),
                        new Expected(
                                AddressChange.None.class,
                                ClaimDecision.Kind.STATUS,
                                CapiNames.REASON_ALLOCATION_FAILED,
                                "10.0.0.15, asked for by its requested-address annotation, is"
                                        + " held by IPAddress ns/other; the claim is bound to it as soon as it is"
                                        + " released",
                                Optional.of(AllocationEvent.Result.REQUESTED_HELD),
                                PoolWait.WAIT,
                                Optional.of(WAIT_RETRY))),
                row(
                        "a requested address the pool cannot give says why",
                        new AllocationAttempt.Refused("10.0.0.15 is outside the pool's addresses"),
                        Optional.of(REQUESTED),
                        new Expected(
                                AddressChange.None.class,
                                ClaimDecision.Kind.STATUS,
                                CapiNames.REASON_ALLOCATION_FAILED,
                                "its requested-address annotation asks for 10.0.0.15, which"
                                        + " InClusterIPPool ns/pool cannot give: 10.0.0.15 is outside the pool's"
                                        + " addresses",
                                Optional.of(AllocationEvent.Result.REQUESTED_UNAVAILABLE),
                                PoolWait.WAIT,
                                Optional.of(WAIT_RETRY))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attemptPlans")
    void attemptPlan(String rule, AllocationAttempt attempt, Optional<RequestedAddress> requested, Expected expected) {
        ClaimPlan plan = planner.attempted(facts(claim(null), ClusterState.NONE), attempt, requested, LAYOUT);

        assertPlan(plan, expected);
    }

    @Test
    void aGrantedAddressIsWrittenInThePoolsPrefixLengthAndGateway() {
        ClaimPlan plan = planner.attempted(
                facts(claim(null), ClusterState.NONE),
                new AllocationAttempt.Granted(IpAddress.of("10.0.0.10")),
                Optional.empty(),
                LAYOUT);

        assertThat(plan.address()).isEqualTo(new AddressChange.Create(IpAddress.of("10.0.0.10"), LAYOUT, READY));
        assertThat(plan.note()).hasValue(new ClaimPlan.Note(Level.DEBUG, "allocated 10.0.0.10/24 from " + POOL));
    }

    @Test
    void aClaimThatCannotBeServedGetsOneWarningEventAndALogLineWhenItsConditionChanges() {
        ClaimPlan first = planner.attempted(
                facts(claim(null), ClusterState.NONE), new AllocationAttempt.Exhausted(0), Optional.empty(), LAYOUT);
        ReadyCondition written = first.outcome().ready();
        ClaimPlan again = planner.attempted(
                facts(claim(written), ClusterState.NONE), new AllocationAttempt.Exhausted(0), Optional.empty(), LAYOUT);

        assertThat(first.transition())
                .hasValue(new ConditionTransition(
                        true, CapiNames.READY_CONDITION, CapiNames.REASON_POOL_EXHAUSTED, written.message()));
        assertThat(first.note())
                .hasValue(new ClaimPlan.Note(
                        Level.INFO, "not ready (" + CapiNames.REASON_POOL_EXHAUSTED + "): " + written.message()));
        assertThat(again.transition()).isEmpty();
        assertThat(again.note()).isEmpty();
    }

    @Test
    void aClaimBoundAfterItCouldNotBeServedGetsANormalEventButOneBoundAtOnceNone() {
        ReadyCondition exhausted = ReadyCondition.notReady(CapiNames.REASON_POOL_EXHAUSTED, "no free address");

        ClaimPlan recovered =
                planner.bind(facts(claim(exhausted), ClusterState.NONE), new ClaimStep.Adopt(true), false, NOW);
        ClaimPlan atOnce = planner.bind(facts(claim(null), ClusterState.NONE), new ClaimStep.Adopt(true), false, NOW);

        assertThat(recovered.transition())
                .hasValue(new ConditionTransition(
                        false,
                        CapiNames.READY_CONDITION,
                        ReadyCondition.REASON_ADDRESS_ALLOCATED,
                        "bound to IPAddress a"));
        assertThat(atOnce.transition()).isEmpty();
    }

    @Test
    void aFirstBindOfAnAddressWrittenHereIsMeasuredFromTheClaimsCreation() {
        ClaimView claim = claim(null);

        ClaimPlan first = planner.bind(facts(claim, ClusterState.NONE), new ClaimStep.Adopt(true), true, NOW);
        ClaimPlan later = planner.bind(facts(claim, ClusterState.NONE), new ClaimStep.Adopt(true), false, NOW);

        assertThat(first.measured()).containsExactly(new AllocationEvent.Bound(POOL, Duration.ofSeconds(5)));
        assertThat(later.measured()).isEmpty();
    }

    @Test
    void aDeletedClaimInItsGracePeriodKeepsItsAddressUntilItEnds() {
        ClaimPlan plan = planner.release(
                facts(claim(null), ClusterState.NONE),
                new ClaimStep.Hold(Optional.of(Duration.ofSeconds(40)), false, "address reuse grace period"),
                NOW);

        assertThat(plan.outcome())
                .isEqualTo(new ClaimDecision(
                        ClaimDecision.Kind.KEEP_FINALIZER,
                        Optional.empty(),
                        null,
                        Optional.of(Duration.ofSeconds(40))));
        assertThat(plan.reusableAt()).hasValue(NOW.plusSeconds(40));
        assertThat(plan.poolWait()).isEqualTo(PoolWait.STOP);
    }

    @Test
    void aDeletedClaimOfAPausedPoolWaitsForThePoolAndLooksAgainAfterTheRetryBound() {
        ClaimPlan plan = planner.release(
                facts(claim(null), ClusterState.NONE),
                new ClaimStep.Hold(Optional.empty(), true, "InClusterIPPool ns/pool is paused"),
                NOW);

        assertThat(plan.outcome().requeueAfter()).hasValue(WAIT_RETRY);
        assertThat(plan.poolWait()).isEqualTo(PoolWait.WAIT);
        assertThat(plan.reusableAt()).isEmpty();
    }

    @Test
    void aReleasedClaimDeletesItsAddressAndIsForgotten() {
        ClaimPlan plan = planner.release(facts(claim(null), ClusterState.NONE), new ClaimStep.Release(), NOW);

        assertThat(plan.address()).isEqualTo(new AddressChange.Release());
        assertThat(plan.outcome().kind()).isEqualTo(ClaimDecision.Kind.RELEASED);
        assertThat(plan.poolWait()).isEqualTo(PoolWait.FORGET);
    }

    @Test
    void anAllocationStepIsNotPlannedWithoutTheIndexsAnswer() {
        assertThatThrownBy(
                        () -> planner.bind(facts(claim(null), ClusterState.NONE), new ClaimStep.Allocate(), false, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertPlan(ClaimPlan plan, Expected expected) {
        assertThat(plan.address()).isInstanceOf(expected.change());
        assertThat(plan.outcome().kind()).isEqualTo(expected.kind());
        assertThat(
                        plan.outcome().ready() == null
                                ? null
                                : plan.outcome().ready().reason())
                .isEqualTo(expected.reason());
        assertThat(
                        plan.outcome().ready() == null
                                ? null
                                : plan.outcome().ready().message())
                .isEqualTo(expected.message());
        assertThat(plan.measured().stream()
                        .filter(AllocationEvent.Attempted.class::isInstance)
                        .map(event -> ((AllocationEvent.Attempted) event).result())
                        .findFirst())
                .isEqualTo(expected.measured());
        assertThat(plan.poolWait()).isEqualTo(expected.poolWait());
        assertThat(plan.outcome().requeueAfter()).isEqualTo(expected.requeueAfter());
        if (expected.kind() == ClaimDecision.Kind.STATUS
                && !plan.outcome().ready().status()) {
            assertThat(plan.transition())
                    .hasValueSatisfying(
                            transition -> assertThat(transition.warning()).isTrue());
        }
    }

    private static ClaimView claim(ReadyCondition ready) {
        return new ClaimView(
                ClaimFixtures.GROUP + "/v1beta2",
                "ns",
                "a",
                "uid-a",
                Map.of(),
                Map.of(CapiNames.REQUESTED_ADDRESS_ANNOTATION, "10.0.0.15"),
                NOW.minusSeconds(5),
                null,
                Optional.empty(),
                ClaimFixtures.GROUP,
                "InClusterIPPool",
                "pool",
                Optional.empty(),
                ready);
    }

    private static ClaimFacts facts(ClaimView claim, ClusterState cluster) {
        return new ClaimFacts(claim, POOL, Optional.of(READY), true, Optional.empty(), cluster, false, List.of());
    }

    private static Arguments row(Object... values) {
        return Arguments.of(values);
    }
}
