package io.ipamoperator.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.IpPoolSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolLedgerTest {

    private final PoolLedger ledger = new PoolLedger();

    PoolLedgerTest() {
        ledger.define(IpPoolDefinition.validate(IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.19"), 24, null))
                .definition()
                .orElseThrow());
    }

    @Test
    void anAllocationAbandonedAfterTheClaimsIPAddressAppearedDoesNotLeak() {
        ledger.upsert(record("ns", "claim", "10.0.0.10"));
        IpAddress second = ledger.allocate("ns/claim").orElseThrow(); // a stale view allocated again

        ledger.abandon(second, "ns/claim");

        assertThat(ledger.counters().orElseThrow().used()).isEqualTo(1);
        assertThat(ledger.allocate("ns/other")).contains(second);
    }

    @Test
    void anAbandonedAllocationIsFreeAgain() {
        IpAddress address = ledger.allocate("ns/claim").orElseThrow();

        ledger.abandon(address, "ns/claim");

        assertThat(ledger.counters().orElseThrow().used()).isZero();
    }

    @Test
    void theIndexedAllocationOfTheSameUnitIsKept() {
        IpAddress address = ledger.allocate("ns/claim").orElseThrow();
        ledger.upsert(record("ns", "claim", address.toString()));

        ledger.abandon(address, "ns/claim");

        assertThat(ledger.counters().orElseThrow().used()).isEqualTo(1);
    }

    @Test
    void addressesSeenBeforeThePoolAreCountedOnceItIsDefined() {
        PoolLedger fresh = new PoolLedger();
        fresh.upsert(record("ns", "a", "10.0.0.12"));
        fresh.upsert(record("ns", "b", "10.0.0.99"));

        fresh.define(IpPoolDefinition.validate(IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.19"), 24, null))
                .definition()
                .orElseThrow());

        var counters = fresh.counters().orElseThrow();
        assertThat(counters.used()).isEqualTo(2);
        assertThat(counters.outOfRange()).isEqualTo(1);
        assertThat(fresh.allocate("ns/c").map(Object::toString)).contains("10.0.0.10");
    }

    private static AddressRecord record(String namespace, String name, String address) {
        return new AddressRecord(
                namespace, name, "ipam.cluster.x-k8s.io", "InClusterIPPool", "pool", address, 24, name, false);
    }

    @Test
    void anUpdateThatStrandsAnIndexedAddressIsNamed() {
        ledger.upsert(record("ns", "claim", "10.0.0.10"));

        assertThat(ledger.admit(Optional.empty(), layout("10.0.0.15-10.0.0.19"), Duration.ofMinutes(1)))
                .containsExactly("10.0.0.10");
    }

    @Test
    void anUpdateThatStrandsAnAllocationStillBeingWrittenIsNamed() {
        IpAddress inFlight = ledger.allocate("ns/claim").orElseThrow(); // IPAddress not seen by the informer yet

        assertThat(ledger.admit(Optional.empty(), layout("10.0.0.15-10.0.0.19"), Duration.ofMinutes(1)))
                .containsExactly(inFlight.toString());
    }

    @Test
    void anAddressAlreadyOutsideTheSpecInForceDoesNotBlockAnUpdate() {
        ledger.upsert(record("ns", "stray", "10.0.0.99"));

        assertThat(ledger.admit(
                        Optional.of(layout("10.0.0.10-10.0.0.19")),
                        layout("10.0.0.10-10.0.0.18"),
                        Duration.ofMinutes(1)))
                .isEmpty();
    }

    @Test
    void afterAnAdmittedShrinkAllocationKeepsInsideTheAdmittedSpec() {
        assertThat(ledger.admit(Optional.empty(), layout("10.0.0.15-10.0.0.19"), Duration.ofMinutes(1)))
                .isEmpty();

        assertThat(ledger.allocate("ns/claim"))
                .hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo("10.0.0.15"));
    }

    @Test
    void theFenceIsLiftedWhenTheAdmittedUpdateNeverArrives() {
        ledger.admit(Optional.empty(), layout("10.0.0.15-10.0.0.19"), Duration.ZERO);

        assertThat(ledger.allocate("ns/claim"))
                .hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo("10.0.0.10"));
    }

    @Test
    void theFenceEndsWhenTheAdmittedSpecIsDefined() {
        ledger.admit(Optional.empty(), layout("10.0.0.15-10.0.0.19"), Duration.ofMinutes(1));

        ledger.define(layout("10.0.0.12-10.0.0.19"));

        assertThat(ledger.allocate("ns/claim"))
                .hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo("10.0.0.12"));
    }

    private static IpPoolDefinition layout(String addresses) {
        return IpPoolDefinition.validate(IpPoolSpecification.of(List.of(addresses), 24, null))
                .definition()
                .orElseThrow();
    }
}
