package io.ipamoperator.index;

import static io.ipamoperator.index.PoolLedgerTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.IpPoolSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A claim that asks for one address (annotation or pre-allocation) gets that one from the ledger, or none. */
class AllocationAttemptTest {

    private static final IpPoolSpecification SPEC =
            IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.19"), 24, "10.0.0.1");

    private final PoolLedger ledger = new PoolLedger();

    AllocationAttemptTest() {
        ledger.define(layout(SPEC));
    }

    @Test
    void aFreeRequestedAddressIsGrantedAndHeldInFlight() {
        assertThat(ledger.allocateRequested("ns/a", IpAddress.of("10.0.0.15"), 24))
                .isEqualTo(new AllocationAttempt.Granted(IpAddress.of("10.0.0.15")));

        assertThat(ledger.inFlight("ns/a", Duration.ofMinutes(1))).isTrue();
        assertThat(ledger.allocate("ns/b", List.of())).contains(IpAddress.of("10.0.0.10"));
        assertThat(ledger.allocateRequested("ns/c", IpAddress.of("10.0.0.15"), 24))
                .isEqualTo(new AllocationAttempt.HeldBy(List.of("IPAddress ns/a")));
    }

    @Test
    void aRequestedAddressHeldByAnotherIPAddressNamesItsHolderAndIsGrantedOnceReleased() {
        upsert(ledger, record("ns", "holder", "10.0.0.12"));

        assertThat(ledger.allocateRequested("ns/a", IpAddress.of("10.0.0.12"), 24))
                .isEqualTo(new AllocationAttempt.HeldBy(List.of("IPAddress ns/holder")));

        ledger.remove("ns/holder");

        assertThat(ledger.allocateRequested("ns/a", IpAddress.of("10.0.0.12"), 24))
                .isEqualTo(new AllocationAttempt.Granted(IpAddress.of("10.0.0.12")));
    }

    @Test
    void aRequestedAddressThePoolCannotGiveIsRefusedWithTheReasonAndNothingIsTaken() {
        assertThat(ledger.allocateRequested("ns/a", IpAddress.of("10.0.0.1"), 24))
                .isEqualTo(new AllocationAttempt.Refused("10.0.0.1 is the pool's gateway"));
        assertThat(ledger.allocateRequested("ns/a", IpAddress.of("10.0.0.30"), 24))
                .isEqualTo(new AllocationAttempt.Refused("10.0.0.30 is outside the pool's addresses"));

        assertThat(ledger.counters().orElseThrow().used()).isZero();
        assertThat(ledger.inFlight("ns/a", Duration.ofMinutes(1))).isFalse();
    }

    @Test
    void aRequestedAddressInADrainingRangeIsRefused() {
        ledger.define(layout(SPEC.withDraining(List.of("10.0.0.15-10.0.0.19"))));

        assertThat(ledger.allocateRequested("ns/a", IpAddress.of("10.0.0.16"), 24))
                .isEqualTo(new AllocationAttempt.Refused(
                        "10.0.0.16 is in the pool's drainingAddresses: nothing new is allocated from there"));
    }

    @Test
    void aPreAllocatedAddressGoesToItsClaimOnlyAndBackToReservedWhenReleased() {
        ledger.define(layout(SPEC.withPreAllocations(Map.of("node", "10.0.0.10"), "ns")));

        assertThat(ledger.preAllocation("ns/node")).contains(IpAddress.of("10.0.0.10"));
        assertThat(ledger.allocate("ns/other", List.of())).contains(IpAddress.of("10.0.0.11"));
        assertThat(ledger.allocateRequested("ns/thief", IpAddress.of("10.0.0.10"), 24))
                .isEqualTo(new AllocationAttempt.Refused(
                        "10.0.0.10 is pre-allocated to claim ns/node in the pool's spec.preAllocations"));
        assertThat(ledger.allocateRequested("ns/node", IpAddress.of("10.0.0.10"), 24))
                .isEqualTo(new AllocationAttempt.Granted(IpAddress.of("10.0.0.10")));
        upsert(ledger, record("ns", "node", "10.0.0.10"));
        assertThat(ledger.counters().orElseThrow().reserved()).isZero();

        ledger.remove("ns/node");

        assertThat(ledger.counters().orElseThrow().reserved()).isEqualTo(1);
        assertThat(ledger.allocate("ns/third", List.of())).contains(IpAddress.of("10.0.0.12"));
    }

    @Test
    void aPreAllocationOfAnAddressAnotherClaimHoldsIsAClash() {
        upsert(ledger, record("ns", "holder", "10.0.0.12"));
        IpPoolDefinition proposed =
                layout(SPEC.withPreAllocations(Map.of("node", "10.0.0.12", "free", "10.0.0.13"), "ns"));

        Admission admission = ledger.admit(Optional.of(layout(SPEC)), proposed, Duration.ofMinutes(1));

        assertThat(admission.stranded()).isEmpty();
        assertThat(admission.preAllocationClashes())
                .containsExactly("10.0.0.12 (pre-allocated to ns/node) is held by ns/holder");
    }

    @Test
    void aPreAllocationOfTheNamedClaimsOwnAddressIsNoClash() {
        upsert(ledger, record("ns", "node", "10.0.0.12"));
        IpPoolDefinition proposed = layout(SPEC.withPreAllocations(Map.of("node", "10.0.0.12"), "ns"));

        assertThat(ledger.admit(Optional.of(layout(SPEC)), proposed, Duration.ofMinutes(1))
                        .preAllocationClashes())
                .isEmpty();
    }

    @Test
    void afterAnAdmittedPreAllocationNoOtherClaimGetsThatAddressBeforeTheReconcilerDefinesIt() {
        IpPoolDefinition proposed = layout(SPEC.withPreAllocations(Map.of("node", "10.0.0.10"), "ns"));

        ledger.admit(Optional.of(layout(SPEC)), proposed, Duration.ofMinutes(1));

        assertThat(ledger.allocate("ns/other", List.of())).contains(IpAddress.of("10.0.0.11"));
    }

    @Test
    void drainingAnInUseRangeStrandsNothing() {
        upsert(ledger, record("ns", "old", "10.0.0.18"));

        Admission admission = ledger.admit(
                Optional.of(layout(SPEC)),
                layout(SPEC.withDraining(List.of("10.0.0.15-10.0.0.19"))),
                Duration.ofMinutes(1));

        assertThat(admission.stranded()).isEmpty();
    }

    private static IpPoolDefinition layout(IpPoolSpecification spec) {
        return IpPoolDefinition.validate(spec).definition().orElseThrow();
    }

    /** Records {@code record} under its key, as the index does. */
    private static void upsert(PoolLedger ledger, AddressRecord record) {
        ledger.upsert(record.key(), record);
    }
}
