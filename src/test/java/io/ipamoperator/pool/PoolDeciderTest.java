package io.ipamoperator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.ipamoperator.allocation.PoolCounters;
import io.ipamoperator.allocation.PoolOverlap;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.pool.PoolStatus;
import io.ipamoperator.events.ConditionTransition;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every rule of a pool's status and its Events, from the facts the index gives, with a fixed clock. */
class PoolDeciderTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final PoolId POOL = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "pool");
    private static final PoolId OTHER = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "other");
    private static final PoolCounters COUNTERS = new PoolCounters(BigInteger.valueOf(9), 4, BigInteger.valueOf(6), 1);

    @Test
    void aValidPoolIsReadyWithItsCountersAndTellsNobodyWhenItStartsHealthy() {
        PoolPlan decision = PoolDecider.decide(valid(null, Map.of(), List.of()), NOW);

        assertThat(decision.status().ipAddresses)
                .satisfies(c -> assertThat(List.of(c.total, c.used, c.free, c.outOfRange))
                        .containsExactly(9L, 4L, 6L, 1L));
        assertThat(condition(decision, PoolDecider.READY).getStatus()).isEqualTo("True");
        assertThat(condition(decision, PoolDecider.READY).getReason()).isEqualTo("PoolValid");
        assertThat(condition(decision, PoolDecider.OVERLAPPING).getStatus()).isEqualTo("False");
        assertThat(condition(decision, PoolDecider.DUPLICATE_ADDRESSES).getStatus())
                .isEqualTo("False");
        assertThat(decision.changed()).isTrue();
        assertThat(decision.transitions()).isEmpty();
    }

    @Test
    void countersBeyondALongAreCappedOnlyWhenWritten() {
        BigInteger huge = BigInteger.ONE.shiftLeft(80);
        PoolFacts facts = new PoolFacts(
                POOL,
                Optional.empty(),
                Optional.of(new PoolCounters(huge, 1, huge.subtract(BigInteger.ONE), 0)),
                1,
                Map.of(),
                List.of(),
                null,
                1L);

        var counts = PoolDecider.decide(facts, NOW).status().ipAddresses;

        assertThat(counts.total).isEqualTo(Long.MAX_VALUE);
        assertThat(counts.free).isEqualTo(Long.MAX_VALUE);
        assertThat(counts.used).isEqualTo(1);
    }

    @Test
    void anInvalidSpecSaysWhyCountsEveryAddressOutOfRangeAndIsAWarning() {
        PoolFacts facts = new PoolFacts(
                POOL,
                Optional.of("spec.addresses: provided addresses are of mixed IP families"),
                Optional.empty(),
                3,
                Map.of(),
                List.of(),
                null,
                2L);

        PoolPlan decision = PoolDecider.decide(facts, NOW);

        assertThat(decision.status().ipAddresses)
                .satisfies(c -> assertThat(List.of(c.total, c.used, c.free, c.outOfRange))
                        .containsExactly(0L, 3L, 0L, 3L));
        Condition ready = condition(decision, PoolDecider.READY);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getObservedGeneration()).isEqualTo(2L);
        assertThat(decision.transitions())
                .containsExactly(new ConditionTransition(
                        true, "Ready", "InvalidSpec", "spec.addresses: provided addresses are of mixed IP families"));
    }

    @Test
    void aFixedSpecIsANormalEventAndTheTransitionTimeMovesWithTheStatus() {
        PoolStatus invalid = PoolDecider.decide(
                        new PoolFacts(POOL, Optional.of("bad"), Optional.empty(), 0, Map.of(), List.of(), null, 1L),
                        NOW.minusSeconds(60))
                .status();

        PoolPlan fixed = PoolDecider.decide(valid(invalid, Map.of(), List.of()), NOW);

        assertThat(fixed.transitions())
                .containsExactly(new ConditionTransition(false, "Ready", "PoolValid", "Ready is True"));
        assertThat(condition(fixed, PoolDecider.READY).getLastTransitionTime()).isEqualTo("2026-12-02T10:00:00Z");
    }

    @Test
    void anOverlapNamesThePoolAndTheAddressesAndIsAWarning() {
        var overlap = PoolOverlap.between(
                        io.ipamoperator.allocation.IpPoolDefinition.validate(spec(List.of("10.0.0.10-10.0.0.20")))
                                .definition()
                                .orElseThrow(),
                        io.ipamoperator.allocation.IpPoolDefinition.validate(spec(List.of("10.0.0.15-10.0.0.30")))
                                .definition()
                                .orElseThrow())
                .orElseThrow();

        PoolPlan decision = PoolDecider.decide(valid(null, Map.of(OTHER, overlap), List.of()), NOW);

        Condition overlapping = condition(decision, PoolDecider.OVERLAPPING);
        assertThat(overlapping.getStatus()).isEqualTo("True");
        assertThat(overlapping.getMessage()).startsWith("shares 6 address(es) with InClusterIPPool ns/other (");
        assertThat(decision.transitions()).singleElement().satisfies(t -> {
            assertThat(t.warning()).isTrue();
            assertThat(t.reason()).isEqualTo("OverlapsOtherPool");
        });
    }

    @Test
    void duplicatesListTheFirstTenAndCountTheRest() {
        List<String> duplicates = IntStream.range(0, 12)
                .mapToObj(i -> "10.0.0." + i + " held by ns/a" + i + ", ns/b" + i)
                .toList();

        Condition condition =
                condition(PoolDecider.decide(valid(null, Map.of(), duplicates), NOW), PoolDecider.DUPLICATE_ADDRESSES);

        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getMessage())
                .startsWith("10.0.0.0 held by ns/a0, ns/b0; 10.0.0.1 held by")
                .contains("10.0.0.9 held by ns/a9, ns/b9")
                .doesNotContain("10.0.0.10 held")
                .endsWith(" and 2 more");
    }

    @Test
    void aStatusThatWouldNotChangeIsNotWritten() {
        PoolStatus written =
                PoolDecider.decide(valid(null, Map.of(), List.of()), NOW).status();

        PoolPlan again = PoolDecider.decide(valid(written, Map.of(), List.of()), NOW.plusSeconds(30));

        assertThat(again.changed()).isFalse();
        assertThat(again.transitions()).isEmpty();
    }

    @Test
    void aDrainingPoolSaysHowManyAddressesAreStillHeldThereAndANormalEventWhenTheDrainCompletes() {
        PoolPlan draining = PoolDecider.decide(drainingFacts(null, 2), NOW);

        assertThat(draining.status().ipAddresses.draining).isEqualTo(2L);
        Condition condition = condition(draining, PoolDecider.DRAINING);
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getMessage()).isEqualTo("2 address(es) still allocated in spec.drainingAddresses");
        assertThat(draining.transitions())
                .containsExactly(new ConditionTransition(
                        false, "Draining", "AddressesHeld", "2 address(es) still allocated in spec.drainingAddresses"));

        PoolPlan drained = PoolDecider.decide(drainingFacts(draining.status(), 0), NOW);

        assertThat(drained.status().ipAddresses.draining).isZero();
        assertThat(drained.transitions()).singleElement().satisfies(t -> {
            assertThat(t.warning()).isFalse();
            assertThat(t.reason()).isEqualTo("DrainComplete");
        });
    }

    @Test
    void aPoolWithoutDrainingRangesHasNoDrainingConditionOrCountAnyMore() {
        PoolStatus drained = PoolDecider.decide(drainingFacts(null, 0), NOW).status();

        PoolPlan decision = PoolDecider.decide(valid(drained, Map.of(), List.of()), NOW);

        assertThat(condition(decision, PoolDecider.DRAINING)).isNull();
        assertThat(decision.status().ipAddresses.draining).isNull();
        assertThat(decision.changed()).isTrue();
    }

    @Test
    void aPreAllocatingPoolCountsItsReservedAddresses() {
        PoolFacts facts = new PoolFacts(
                POOL,
                Optional.empty(),
                Optional.of(new PoolCounters(BigInteger.valueOf(9), 4, BigInteger.valueOf(3), 1, 3, 0)),
                4,
                Map.of(),
                List.of(),
                null,
                1L,
                false,
                true,
                java.util.OptionalInt.empty());

        assertThat(PoolDecider.decide(facts, NOW).status().ipAddresses.reserved).isEqualTo(3L);
        assertThat(PoolDecider.decide(valid(null, Map.of(), List.of()), NOW).status().ipAddresses.reserved)
                .isNull();
    }

    @Test
    void addressesWithoutAClaimOrOutsideThePoolAreCountedInAWarningCondition() {
        PoolFacts facts = leakFacts(null, 2);

        PoolPlan decision = PoolDecider.decide(facts, NOW);

        Condition leaked = condition(decision, PoolDecider.ADDRESSES_LEAKED);
        assertThat(leaked.getStatus()).isEqualTo("True");
        assertThat(leaked.getMessage())
                .isEqualTo("2 IPAddress(es) whose claim is gone, 1 IPAddress(es) outside the pool's addresses; the"
                        + " operator's 'audit' command lists them and can release the orphaned");
        assertThat(decision.transitions()).singleElement().satisfies(t -> {
            assertThat(t.warning()).isTrue();
            assertThat(t.reason()).isEqualTo("LeakedAddresses");
        });
    }

    @Test
    void aPoolWithoutLeaksSaysSoQuietlyAndNothingWhileClaimsAreUnknown() {
        PoolFacts clean = new PoolFacts(
                POOL,
                Optional.empty(),
                Optional.of(new PoolCounters(BigInteger.valueOf(9), 4, BigInteger.valueOf(5), 0)),
                4,
                Map.of(),
                List.of(),
                null,
                1L,
                false,
                false,
                java.util.OptionalInt.of(0));

        PoolPlan decision = PoolDecider.decide(clean, NOW);

        assertThat(condition(decision, PoolDecider.ADDRESSES_LEAKED).getReason())
                .isEqualTo("NoLeaks");
        assertThat(decision.transitions()).isEmpty();
        assertThat(condition(PoolDecider.decide(valid(null, Map.of(), List.of()), NOW), PoolDecider.ADDRESSES_LEAKED))
                .isNull();
    }

    private static PoolFacts leakFacts(PoolStatus current, int orphaned) {
        return new PoolFacts(
                POOL,
                Optional.empty(),
                Optional.of(COUNTERS),
                4,
                Map.of(),
                List.of(),
                current,
                1L,
                false,
                false,
                java.util.OptionalInt.of(orphaned));
    }

    private static PoolFacts drainingFacts(PoolStatus current, long held) {
        return new PoolFacts(
                POOL,
                Optional.empty(),
                Optional.of(new PoolCounters(BigInteger.valueOf(9), 4, BigInteger.valueOf(6), 1, 0, held)),
                4,
                Map.of(),
                List.of(),
                current,
                1L,
                true,
                false,
                java.util.OptionalInt.empty());
    }

    private static PoolFacts valid(PoolStatus current, Map<PoolId, PoolOverlap> overlaps, List<String> duplicates) {
        return new PoolFacts(POOL, Optional.empty(), Optional.of(COUNTERS), 4, overlaps, duplicates, current, 1L);
    }

    private static io.ipamoperator.allocation.IpPoolSpecification spec(List<String> addresses) {
        return new io.ipamoperator.allocation.IpPoolSpecification(addresses, 24, null, List.of(), false, 0);
    }

    private static Condition condition(PoolPlan decision, String type) {
        return Conditions.find(decision.status().conditions, type);
    }
}
