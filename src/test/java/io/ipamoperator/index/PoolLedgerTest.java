package io.ipamoperator.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.IpPoolSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class PoolLedgerTest {

    private final PoolLedger ledger = new PoolLedger();

    PoolLedgerTest() {
        ledger.define(IpPoolDefinition.validate(IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.19"), 24, null))
                .definition()
                .orElseThrow());
    }

    @Test
    void anAllocationAbandonedAfterTheClaimsIPAddressAppearedDoesNotLeak() {
        upsert(ledger, record("ns", "claim", "10.0.0.10"));
        IpAddress second = ledger.allocate("ns/claim", List.of()).orElseThrow(); // a stale view allocated again

        ledger.abandon(second, "ns/claim");

        assertThat(ledger.counters().orElseThrow().used()).isEqualTo(1);
        assertThat(ledger.allocate("ns/other", List.of())).contains(second);
    }

    @Test
    void aClaimLeavesOneFreeAddressForEachEarlierClaimNotServedYet() {
        assertThat(ledger.allocate("ns/third", List.of("ns/first", "ns/second")))
                .contains(IpAddress.of("10.0.0.12"));
        assertThat(ledger.allocate("ns/first", List.of())).contains(IpAddress.of("10.0.0.10"));
        assertThat(ledger.allocate("ns/second", List.of("ns/first"))).contains(IpAddress.of("10.0.0.11"));
    }

    @Test
    void anEarlierClaimThatHoldsAnAddressOrAnAllocationIsLeftNothingMore() {
        upsert(ledger, record("ns", "first", "10.0.0.10"));
        ledger.allocate("ns/second", List.of("ns/first")).orElseThrow();

        assertThat(ledger.allocate("ns/third", List.of("ns/first", "ns/second")))
                .contains(IpAddress.of("10.0.0.12"));
    }

    @Test
    void anAbandonedAllocationIsFreeAgain() {
        IpAddress address = ledger.allocate("ns/claim", List.of()).orElseThrow();

        ledger.abandon(address, "ns/claim");

        assertThat(ledger.counters().orElseThrow().used()).isZero();
    }

    @Test
    void theIndexedAllocationOfTheSameUnitIsKept() {
        IpAddress address = ledger.allocate("ns/claim", List.of()).orElseThrow();
        upsert(ledger, record("ns", "claim", address.toString()));

        ledger.abandon(address, "ns/claim");

        assertThat(ledger.counters().orElseThrow().used()).isEqualTo(1);
    }

    @Test
    void anAllocationIsInFlightUntilItsIPAddressIsIndexed() {
        IpAddress address = ledger.allocate("ns/claim", List.of()).orElseThrow();
        assertThat(ledger.inFlight("ns/claim", Duration.ofMinutes(1))).isTrue();

        upsert(ledger, record("ns", "claim", address.toString()));

        assertThat(ledger.inFlight("ns/claim", Duration.ofMinutes(1))).isFalse();
        assertThat(ledger.counters().orElseThrow().used()).isEqualTo(1);
    }

    @Test
    void anInFlightAllocationOlderThanTheWaitIsNotWaitedFor() {
        ledger.allocate("ns/claim", List.of()).orElseThrow();

        assertThat(ledger.inFlight("ns/claim", Duration.ZERO)).isFalse();
    }

    @Test
    void anAllocationInFlightStaysHeldWhenThePoolIsRedefined() {
        IpAddress inFlight = ledger.allocate("ns/a", List.of()).orElseThrow();

        ledger.define(IpPoolDefinition.validate(IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.29"), 24, null))
                .definition()
                .orElseThrow());

        assertThat(ledger.allocate("ns/b", List.of())).isPresent().get().isNotEqualTo(inFlight);
    }

    @Test
    void anAddressWrittenByOthersJustBeforeOursIsSeenAsItsSharer() {
        IpAddress ours =
                ledger.allocate("ns/new", List.of()).orElseThrow(); // the index did not know of the moved one yet
        upsert(ledger, record("ns", "moved", ours.toString())); // the watch delivers in order: theirs first
        upsert(ledger, record("ns", "new", ours.toString()));

        assertThat(ledger.sharers("ns/new")).extracting(AddressRecord::key).containsExactly("ns/moved");
        assertThat(ledger.sharers("ns/moved")).extracting(AddressRecord::key).containsExactly("ns/new");
        assertThat(ledger.duplicates()).hasSize(1);
    }

    @Test
    void anAddressWithoutDuplicatesHasNoSharers() {
        upsert(ledger, record("ns", "a", "10.0.0.10"));
        upsert(ledger, record("ns", "b", "10.0.0.11"));

        assertThat(ledger.sharers("ns/a")).isEmpty();
        assertThat(ledger.sharers("ns/unknown")).isEmpty();
    }

    @Test
    void theYieldingIPAddressGoneTheEarlierOneKeepsTheAddress() {
        IpAddress shared = ledger.allocate("ns/new", List.of()).orElseThrow();
        upsert(ledger, record("ns", "moved", shared.toString()));
        upsert(ledger, record("ns", "new", shared.toString()));

        ledger.remove("ns/new");

        assertThat(ledger.duplicates()).isEmpty();
        assertThat(ledger.allocate("ns/new", List.of())).isPresent().get().isNotEqualTo(shared);
    }

    @Test
    void anInFlightAllocationWhoseIPAddressHoldsAnotherAddressIsGivenBack() {
        IpAddress allocated = ledger.allocate("ns/a", List.of()).orElseThrow();

        upsert(ledger, record("ns", "a", "10.0.0.15"));

        assertThat(ledger.counters().orElseThrow().used()).isEqualTo(1);
        assertThat(ledger.allocate("ns/b", List.of())).contains(allocated);
    }

    @Test
    void anInFlightAllocationIsGivenBackWhenItsIPAddressIsDeletedUnseen() {
        IpAddress allocated = ledger.allocate("ns/a", List.of()).orElseThrow();

        ledger.remove("ns/a");

        assertThat(ledger.counters().orElseThrow().used()).isZero();
        assertThat(ledger.allocate("ns/b", List.of())).contains(allocated);
    }

    @Test
    void allocatingAgainForTheSameClaimGivesTheStaleAllocationBack() {
        ledger.allocate("ns/a", List.of()).orElseThrow();

        ledger.allocate("ns/a", List.of()).orElseThrow();

        assertThat(ledger.counters().orElseThrow().used()).isEqualTo(1);
    }

    @Test
    void addressesSeenBeforeThePoolAreCountedOnceItIsDefined() {
        PoolLedger fresh = new PoolLedger();
        upsert(fresh, record("ns", "a", "10.0.0.12"));
        upsert(fresh, record("ns", "b", "10.0.0.99"));

        fresh.define(IpPoolDefinition.validate(IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.19"), 24, null))
                .definition()
                .orElseThrow());

        var counters = fresh.counters().orElseThrow();
        assertThat(counters.used()).isEqualTo(2);
        assertThat(counters.outOfRange()).isEqualTo(1);
        assertThat(fresh.allocate("ns/c", List.of()).map(Object::toString)).contains("10.0.0.10");
    }

    /** An IPAddress of InClusterIPPool {@code pool} (prefix 24) for the claim of its name. */
    public static AddressRecord record(String namespace, String name, String address) {
        return new AddressRecord(
                namespace,
                name,
                "ipam.cluster.x-k8s.io",
                "InClusterIPPool",
                "pool",
                address,
                24,
                name,
                false,
                null,
                AddressRecord.Marks.NONE);
    }

    @Test
    void anUpdateThatStrandsAnIndexedAddressIsNamed() {
        upsert(ledger, record("ns", "claim", "10.0.0.10"));

        assertThat(ledger.admit(Optional.empty(), layout("10.0.0.15-10.0.0.19"), Duration.ofMinutes(1))
                        .stranded())
                .containsExactly("10.0.0.10");
    }

    @Test
    void anUpdateThatStrandsAnAllocationStillBeingWrittenIsNamed() {
        IpAddress inFlight =
                ledger.allocate("ns/claim", List.of()).orElseThrow(); // IPAddress not seen by the informer yet

        assertThat(ledger.admit(Optional.empty(), layout("10.0.0.15-10.0.0.19"), Duration.ofMinutes(1))
                        .stranded())
                .containsExactly(inFlight.toString());
    }

    @Test
    void anAddressAlreadyOutsideTheSpecInForceDoesNotBlockAnUpdate() {
        upsert(ledger, record("ns", "stray", "10.0.0.99"));

        assertThat(ledger.admit(
                                Optional.of(layout("10.0.0.10-10.0.0.19")),
                                layout("10.0.0.10-10.0.0.18"),
                                Duration.ofMinutes(1))
                        .stranded())
                .isEmpty();
    }

    @Test
    void afterAnAdmittedShrinkAllocationKeepsInsideTheAdmittedSpec() {
        assertThat(ledger.admit(Optional.empty(), layout("10.0.0.15-10.0.0.19"), Duration.ofMinutes(1))
                        .stranded())
                .isEmpty();

        assertThat(ledger.allocate("ns/claim", List.of()))
                .hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo("10.0.0.15"));
    }

    @Test
    void theFenceIsLiftedWhenTheAdmittedUpdateNeverArrives() {
        ledger.admit(Optional.empty(), layout("10.0.0.15-10.0.0.19"), Duration.ZERO);

        assertThat(ledger.allocate("ns/claim", List.of()))
                .hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo("10.0.0.10"));
    }

    @Test
    void theFenceEndsWhenTheAdmittedSpecIsDefined() {
        ledger.admit(Optional.empty(), layout("10.0.0.15-10.0.0.19"), Duration.ofMinutes(1));

        ledger.define(layout("10.0.0.12-10.0.0.19"));

        assertThat(ledger.allocate("ns/claim", List.of()))
                .hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo("10.0.0.12"));
    }

    private static IpPoolDefinition layout(String addresses) {
        return IpPoolDefinition.validate(IpPoolSpecification.of(List.of(addresses), 24, null))
                .definition()
                .orElseThrow();
    }

    /** Records {@code record} under its key, as the index does. */
    private static void upsert(PoolLedger ledger, AddressRecord record) {
        ledger.upsert(record.key(), record);
    }
}
