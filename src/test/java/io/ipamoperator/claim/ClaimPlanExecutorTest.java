package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.IpPoolSpecification;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.claim.ClaimPlan.AddressChange;
import io.ipamoperator.claim.ClaimPlan.PoolWait;
import io.ipamoperator.events.ConditionTransition;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.IndexChanges;
import io.ipamoperator.index.IndexFixtures;
import io.ipamoperator.index.PoolState;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger.Level;
import org.junit.jupiter.api.Test;

/**
 * The executor of claim plans with fakes for every write (unit tier, no API server): the order it applies a plan in,
 * and what a failed IPAddress write means — the granted address goes back to the index, at once.
 */
class ClaimPlanExecutorTest {

    private static final PoolId POOL = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "pool");
    private static final PoolState READY = new PoolState("pool-uid", "ipam.cluster.x-k8s.io/v1alpha2", false, false, 0);
    private static final PoolLayout LAYOUT = IpPoolDefinition.validate(
                    IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.19"), 24, null))
            .definition()
            .orElseThrow();
    private static final ClaimView CLAIM = ClaimFixtures.view("a", Instant.parse("2026-12-08T10:00:00Z"), null);

    /** Every effect, in the order the executor caused it. */
    private final List<String> effects = new ArrayList<>();

    private final AddressIndex index = new AddressIndex(new IndexChanges(), IndexFixtures.ready());
    private final ClaimWaits waits = new ClaimWaits();
    private final PendingBinds pendingBinds = new PendingBinds();
    private final ReuseGracePeriods gracePeriods = new ReuseGracePeriods();
    private final FakeWriter writer = new FakeWriter();

    private final ClaimPlanExecutor executor = new ClaimPlanExecutor(
            index,
            writer,
            waits,
            pendingBinds,
            gracePeriods,
            new RecordingEvents(),
            AllocationObservers.to(event ->
                    effects.add("metric " + event.getClass().getSimpleName()
                            + (event instanceof AllocationEvent.Attempted attempted ? " " + attempted.result() : ""))),
            IpamContract.V1BETA2);

    ClaimPlanExecutorTest() {
        index.define(POOL, LAYOUT);
        index.updatePool(POOL, READY);
    }

    @Test
    void aPlanIsAppliedInItsFixedOrderAndItsOutcomeReturned() {
        IpAddress granted = index.allocate(POOL, CLAIM.key()).orElseThrow();
        waits.waitForPool(POOL, CLAIM);
        ClaimDecision outcome = ClaimDecision.unchanged().requeueAfter(Duration.ofSeconds(30));
        ClaimPlan plan = ClaimPlan.answer(outcome, PoolWait.STOP)
                .changing(new AddressChange.Create(granted, LAYOUT, READY))
                .measuring(new AllocationEvent.Attempted(POOL, AllocationEvent.Result.ALLOCATED))
                .telling(new ConditionTransition(true, "Ready", "PoolExhausted", "no free address"))
                .noting(Level.DEBUG, "allocated");

        assertThat(executor.apply(CLAIM, POOL, plan)).isEqualTo(outcome);
        assertThat(effects)
                .containsExactly("create ns/a 10.0.0.10", "metric Attempted ALLOCATED", "event Warning PoolExhausted");
        assertThat(waits.waitingFor(POOL)).isEmpty();
        assertThat(pendingBinds.awaited(CLAIM)).isTrue();
    }

    @Test
    void anIPAddressThatAppearedMeanwhileGivesTheAddressBackAndLooksAgainSoon() {
        IpAddress granted = index.allocate(POOL, CLAIM.key()).orElseThrow();
        writer.failWith = 409;
        waits.waitForPool(POOL, CLAIM);

        ClaimDecision outcome = executor.apply(CLAIM, POOL, granted(granted));

        assertThat(outcome.requeueAfter()).hasValue(ClaimPlanExecutor.CONFLICT_RETRY);
        assertThat(index.allocationInFlight(POOL, CLAIM.key(), Duration.ofMinutes(1)))
                .isFalse();
        assertThat(index.allocate(POOL, "ns/next")).hasValue(granted);
        assertThat(effects).doesNotContain("metric Attempted ALLOCATED");
        assertThat(waits.waitingFor(POOL)).containsExactly(new ResourceID("a", "ns"));
    }

    @Test
    void aRefusedWriteGivesTheAddressBackStopsWaitingAndFailsTheReconcile() {
        IpAddress granted = index.allocate(POOL, CLAIM.key()).orElseThrow();
        writer.failWith = 422;
        waits.waitForPool(POOL, CLAIM);

        assertThatThrownBy(() -> executor.apply(CLAIM, POOL, granted(granted)))
                .isInstanceOf(KubernetesClientException.class);
        assertThat(index.allocate(POOL, "ns/next")).hasValue(granted);
        assertThat(effects).containsExactly("metric Attempted ERROR");
        // the abandon is a change of the pool: a claim still waiting would wake itself at once, forever
        assertThat(waits.waitingFor(POOL)).isEmpty();
    }

    @Test
    void aReleaseDeletesTheAddressCountsItAndForgetsTheClaim() {
        writer.existing = Optional.of("10.0.0.12");
        waits.waitForPool(POOL, CLAIM);
        pendingBinds.written(CLAIM);
        gracePeriods.hold(POOL, CLAIM.key(), Instant.now().plusSeconds(60));

        ClaimDecision outcome = executor.apply(
                CLAIM,
                POOL,
                ClaimPlan.answer(ClaimDecision.released(), PoolWait.FORGET).changing(new AddressChange.Release()));

        assertThat(outcome.kind()).isEqualTo(ClaimDecision.Kind.RELEASED);
        assertThat(effects).containsExactly("delete ns/a", "metric Released");
        assertThat(waits.waitingFor(POOL)).isEmpty();
        assertThat(pendingBinds.awaited(CLAIM)).isFalse();
        assertThat(gracePeriods.coolingDown(POOL)).isZero();
    }

    @Test
    void aReleaseOfAnAddressAlreadyGoneCountsNothing() {
        executor.apply(
                CLAIM,
                POOL,
                ClaimPlan.answer(ClaimDecision.released(), PoolWait.FORGET).changing(new AddressChange.Release()));

        assertThat(effects).containsExactly("delete ns/a");
    }

    @Test
    void aHeldAddressCoolsDownUntilTheGracePeriodEnds() {
        executor.apply(
                CLAIM,
                POOL,
                ClaimPlan.answer(ClaimDecision.keepFinalizer(Optional.of(Duration.ofSeconds(60))), PoolWait.STOP)
                        .holdingUntil(Instant.now().plusSeconds(60)));

        assertThat(gracePeriods.coolingDown(POOL)).isEqualTo(1);
        assertThat(effects).isEmpty();
    }

    @Test
    void anIncompleteIPAddressIsAdoptedAndACompleteOneIsNotWritten() {
        pendingBinds.written(CLAIM);

        executor.apply(
                CLAIM,
                POOL,
                ClaimPlan.answer(ClaimDecision.bound("a"), PoolWait.STOP)
                        .changing(new AddressChange.Adopt(true, READY)));
        executor.apply(
                CLAIM,
                POOL,
                ClaimPlan.answer(ClaimDecision.bound("a"), PoolWait.STOP)
                        .changing(new AddressChange.Adopt(false, READY)));

        assertThat(effects).containsExactly("adopt ns/a");
        assertThat(pendingBinds.awaited(CLAIM)).isFalse();
    }

    private static ClaimPlan granted(IpAddress address) {
        return ClaimPlan.answer(ClaimDecision.unchanged(), PoolWait.STOP)
                .changing(new AddressChange.Create(address, LAYOUT, READY))
                .measuring(new AllocationEvent.Attempted(POOL, AllocationEvent.Result.ALLOCATED));
    }

    /** Records the IPAddress writes instead of making them; fails a create with {@link #failWith} if set. */
    private final class FakeWriter extends AddressWriter {
        Integer failWith;
        Optional<String> existing = Optional.empty();

        FakeWriter() {
            super(null);
        }

        @Override
        public void create(
                String addressApiVersion,
                ClaimView claim,
                PoolId pool,
                PoolState poolState,
                PoolLayout layout,
                IpAddress address) {
            if (failWith != null) {
                throw new KubernetesClientException("refused", failWith, null);
            }
            effects.add("create " + claim.key() + " " + address);
        }

        @Override
        public boolean adopt(String addressApiVersion, ClaimView claim, PoolId pool, PoolState poolState) {
            effects.add("adopt " + claim.key());
            return true;
        }

        @Override
        public Optional<String> deleteClaimsAddress(String addressApiVersion, ClaimView claim, PoolId pool) {
            effects.add("delete " + claim.key());
            Optional<String> deleted = existing;
            existing = Optional.empty();
            return deleted;
        }
    }

    private final class RecordingEvents extends EventRecorder {
        RecordingEvents() {
            super(null);
        }

        @Override
        public void normal(ObjectReference object, String reason, String message) {
            effects.add("event Normal " + reason);
        }

        @Override
        public void warning(ObjectReference object, String reason, String message) {
            effects.add("event Warning " + reason);
        }
    }
}
