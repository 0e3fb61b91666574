package io.ipamoperator.index;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.PoolAllocator;
import io.ipamoperator.allocation.PoolCounters;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.allocation.PoolOverlap;
import io.ipamoperator.identity.PoolId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The in-process allocation index: every IPAddress of our pools, as the informer reports them, and every pool's
 * allocator. It is the source of truth for allocation decisions: an address is marked as taken here before its
 * IPAddress is written, so parallel reconciler threads never hand one address out twice, and nothing waits for
 * the cache to show a write.
 *
 * <p>The informer fills the index before it is {@link IndexReadiness ready}; reconcilers wait for that, so after a
 * restart (or on a new leader) no decision is made from a partial view.
 */
@ApplicationScoped
public class AddressIndex {

    private final Map<PoolId, PoolLedger> ledgers = new ConcurrentHashMap<>();
    private final Map<String, PoolId> poolOfAddress = new ConcurrentHashMap<>();
    private final Map<PoolId, PoolId> poolIds = new ConcurrentHashMap<>();
    private final Map<PoolId, PoolState> pools = new ConcurrentHashMap<>();
    private final IndexChanges changes;
    private final IndexReadiness readiness;

    @Inject
    public AddressIndex(IndexChanges changes, IndexReadiness readiness) {
        this.changes = changes;
        this.readiness = readiness;
    }

    /** The index's change feed (for event sources). */
    public IndexChanges changes() {
        return changes;
    }

    /** Whether the index holds every IPAddress yet. */
    public IndexReadiness readiness() {
        return readiness;
    }

    /** Records what the pool reconciler saw of a pool; listeners hear of it when it changed. */
    public void updatePool(PoolId pool, PoolState state) {
        if (!state.equals(pools.put(pool, state))) {
            notifyChange(pool);
        }
    }

    /** The pool is gone: forget its state and layout (its addresses, if any, stay known). */
    public void forgetPool(PoolId pool) {
        pools.remove(pool);
        ledger(pool).undefine();
        notifyChange(pool);
    }

    /** The pool as its reconciler last saw it; empty if it does not exist (or was not reconciled yet). */
    public Optional<PoolState> pool(PoolId pool) {
        return Optional.ofNullable(pools.get(pool));
    }

    /** The IPAddress {@code namespace/name}, whichever pool it references. */
    public Optional<AddressRecord> address(String namespace, String name) {
        String key = AddressRecord.key(namespace, name);
        PoolId pool = poolOfAddress.get(key);
        return pool == null ? Optional.empty() : ledger(pool).address(key);
    }

    /**
     * Records the IPAddress {@code key} ({@code namespace/name}, as the informer's cache holds it: every map of the
     * index keeps that one string).
     */
    public void upsert(String key, AddressRecord record) {
        // The index build after the first list and the informer's queued events hand each IPAddress over twice:
        // this very record being indexed, its change was told already.
        PoolId indexedIn = poolOfAddress.get(key);
        if (indexedIn != null && ledger(indexedIn).holds(key, record)) {
            return;
        }
        Optional<PoolId> pool = record.poolId().map(this::canonical);
        PoolId previous = pool.isPresent() ? poolOfAddress.put(key, pool.get()) : poolOfAddress.remove(key);
        if (previous != null && !pool.equals(Optional.of(previous))) {
            ledger(previous).remove(key);
            notifyChange(previous);
        }
        pool.ifPresent(id -> {
            ledger(id).upsert(key, record);
            notifyChange(id);
        });
        changes.addressChanged(record);
    }

    public void remove(String key, AddressRecord record) {
        PoolId pool = poolOfAddress.remove(key);
        if (pool != null) {
            ledger(pool).remove(key);
            notifyChange(pool);
        }
        changes.addressChanged(record);
    }

    /** Sets a pool's layout (its spec changed or was seen first); true if anything changed. */
    public boolean define(PoolId pool, PoolLayout layout) {
        boolean changed = ledger(pool).define(layout);
        if (changed) {
            // every pool re-checks its overlaps, the one that changed and the others
            ledgers.keySet().forEach(this::notifyChange);
        }
        return changed;
    }

    /** Every other pool with a layout whose allocatable addresses share addresses with this pool's. */
    public Map<PoolId, PoolOverlap> overlaps(PoolId pool) {
        Optional<PoolLayout> layout = ledger(pool).layout();
        Map<PoolId, PoolOverlap> overlaps = new TreeMap<>(Comparator.comparing(PoolId::toString));
        layout.ifPresent(mine -> ledgers.forEach((other, ledger) -> {
            if (!other.equals(pool)) {
                ledger.layout()
                        .flatMap(theirs -> PoolOverlap.between(mine, theirs))
                        .ifPresent(overlap -> overlaps.put(other, overlap));
            }
        }));
        return overlaps;
    }

    /** Addresses of the pool held by more than one IPAddress. */
    public List<PoolAllocator.Duplicate> duplicates(PoolId pool) {
        return ledger(pool).duplicates();
    }

    /** Forgets a pool's layout (its spec became invalid or the pool is gone); its addresses stay known. */
    public void undefine(PoolId pool) {
        if (ledger(pool).undefine()) {
            notifyChange(pool);
        }
    }

    public Optional<PoolLayout> layout(PoolId pool) {
        return ledger(pool).layout();
    }

    /** The lowest free address of the pool, now marked as held by {@code holderKey}. */
    public Optional<IpAddress> allocate(PoolId pool, String holderKey) {
        return ledger(pool).allocate(holderKey, List.of());
    }

    /**
     * The lowest free address of the pool once one free address is left for each claim of {@code servedFirst}
     * (claims created earlier, waiting for the lowest free address too) that holds no address of the pool yet, now
     * marked as held by {@code holderKey}: claims are served in the order they were created, whichever reconcile
     * runs first.
     */
    public Optional<IpAddress> allocate(PoolId pool, String holderKey, Collection<String> servedFirst) {
        return ledger(pool).allocate(holderKey, servedFirst);
    }

    /**
     * Tries to take the lowest free address of the pool for the claim {@code holderKey}, as {@link #allocate(PoolId,
     * String, Collection)} does: granted (and marked as held), or exhausted.
     */
    public AllocationAttempt tryAllocate(PoolId pool, String holderKey, Collection<String> servedFirst) {
        return allocate(pool, holderKey, servedFirst)
                .<AllocationAttempt>map(AllocationAttempt.Granted::new)
                .orElseGet(() -> new AllocationAttempt.Exhausted(servedFirst.size()));
    }

    /**
     * Exactly {@code address}/{@code prefixLength} of the pool for the claim {@code holderKey}, now marked as held
     * by it — or who holds it, or why it cannot be had.
     */
    public AllocationAttempt allocateRequested(PoolId pool, String holderKey, IpAddress address, int prefixLength) {
        return ledger(pool).allocateRequested(holderKey, address, prefixLength);
    }

    /** The address the pool's {@code spec.preAllocations} keeps for the claim {@code holderKey}, if any. */
    public Optional<IpAddress> preAllocation(PoolId pool, String holderKey) {
        return ledger(pool).preAllocation(holderKey);
    }

    /**
     * The addresses of the pool a spec update from {@code before} to {@code proposed} would strand (sorted), and
     * the pre-allocations it adds that another claim's address holds; when there are none, allocation keeps inside
     * {@code proposed} (and off its withheld addresses) until the pool's reconciler takes it up.
     */
    public Admission admit(PoolId pool, Optional<PoolLayout> before, PoolLayout proposed, Duration fenceFor) {
        return ledger(pool).admit(before, proposed, fenceFor);
    }

    /**
     * True while the claim {@code holderKey} holds an allocation of the pool, younger than {@code maxAge}, whose
     * IPAddress the informer has not reported yet.
     */
    public boolean allocationInFlight(PoolId pool, String holderKey, Duration maxAge) {
        return ledger(pool).inFlight(holderKey, maxAge);
    }

    /** The other IPAddresses of the pool holding the address of the IPAddress {@code key}: normally none. */
    public List<AddressRecord> sharers(PoolId pool, String key) {
        return ledger(pool).sharers(key);
    }

    /** Releases an allocation whose IPAddress could not be written. */
    public void abandon(PoolId pool, IpAddress address, String holderKey) {
        ledger(pool).abandon(address, holderKey);
        notifyChange(pool);
    }

    /** How many IPAddresses reference the pool. */
    public int addressCount(PoolId pool) {
        return ledger(pool).addressCount();
    }

    /** How many IPAddresses of the pool match {@code test} (for the orphaned-address metric). */
    public long countAddresses(PoolId pool, Predicate<AddressRecord> test) {
        return ledger(pool).count(test);
    }

    /** The keys ({@code namespace/name}) of the pool's IPAddresses that match {@code test}. */
    public List<String> addressKeys(PoolId pool, Predicate<AddressRecord> test) {
        return ledger(pool).keys(test);
    }

    /** How many IPAddresses of our pools are indexed. */
    public int size() {
        return poolOfAddress.size();
    }

    /** The pool's counters; empty while it has no valid layout. */
    public Optional<PoolCounters> counters(PoolId pool) {
        return ledger(pool).counters();
    }

    /** One PoolId object per pool, however many IPAddresses reference it (each record reads its own). */
    private PoolId canonical(PoolId pool) {
        return poolIds.computeIfAbsent(pool, id -> id);
    }

    private PoolLedger ledger(PoolId pool) {
        return ledgers.computeIfAbsent(pool, id -> new PoolLedger());
    }

    private void notifyChange(PoolId pool) {
        changes.poolChanged(pool);
    }
}
