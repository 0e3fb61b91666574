package io.ipamoperator.index;

import static io.ipamoperator.index.PoolLedgerTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.identity.PoolId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index tells its listeners of each change once: the informer's handler and the index build after the first
 * list hand the same stored record over twice, and a second telling would wake every pool and claim again.
 */
class AddressIndexTest {

    private final IndexChanges changes = new IndexChanges();
    private final AddressIndex index = new AddressIndex(changes, new IndexReadiness());
    private final List<PoolId> poolsTold = new ArrayList<>();
    private final List<AddressRecord> addressesTold = new ArrayList<>();

    AddressIndexTest() {
        changes.onPoolChange(poolsTold::add);
        changes.onAddressChange(addressesTold::add);
    }

    @Test
    void theRecordAlreadyIndexedIsNotToldAgain() {
        AddressRecord stored = record("ns", "a", "10.0.0.10");
        index.upsert("ns/a", stored);

        index.upsert("ns/a", stored);

        assertThat(addressesTold).containsExactly(stored);
        assertThat(poolsTold).hasSize(1);
    }

    @Test
    void aNewRecordOfAnIndexedIpAddressIsToldEvenWhenEqual() {
        AddressRecord first = record("ns", "a", "10.0.0.10");
        AddressRecord changed = record("ns", "a", "10.0.0.11");
        index.upsert("ns/a", first);

        index.upsert("ns/a", changed);
        index.upsert("ns/a", record("ns", "a", "10.0.0.11"));

        assertThat(addressesTold).hasSize(3);
        assertThat(index.address("ns", "a")).contains(changed);
    }
}
