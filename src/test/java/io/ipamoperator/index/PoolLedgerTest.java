package io.ipamoperator.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.IpPoolSpecification;
import java.util.List;
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
}
