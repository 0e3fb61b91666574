package io.ipamoperator.index;

import io.ipamoperator.allocation.IntervalSet;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.PoolAllocator;
import io.ipamoperator.allocation.PoolCounters;
import io.ipamoperator.allocation.PoolLayout;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pool's share of the index: the IPAddresses that reference it, and — once the pool's spec is known and
 * valid — its {@link PoolAllocator}. Addresses seen before the pool (or while its spec is invalid) are kept
 * and recorded as soon as a layout is defined. An address that maps to no unit of the layout (wrong family,
 * misaligned prefix, unparseable) still counts as used and out of range.
 *
 * <p>An allocation is <em>in flight</em> from {@link #allocate} until the informer reports an IPAddress under its
 * holder key (or it is {@link #abandon abandoned}): it stays held when the layout is redefined meanwhile, and the
 * claim is bound only once its IPAddress is indexed — by then every IPAddress created before it is indexed too
 * (the watch delivers in order), so an address written by someone else (clusterctl move, a restore) a moment
 * earlier shows up as a {@link #sharers sharer} instead of going unnoticed.
 *
 * <p>Every method is {@code synchronized}: decisions for one pool are serialised, different pools share nothing.
 */
final class PoolLedger {

    private final Map<String, AddressRecord> addresses = new HashMap<>();
    private PoolLayout layout;
    private PoolAllocator allocator;
    /** The layout's pre-allocations: holder key → unit, and unit → holder key. */
    private Map<String, BigInteger> preAllocated = Map.of();

    private Map<BigInteger, String> preAllocatedTo = Map.of();
    private long unmapped;
    /** An admitted spec change not yet seen by the pool reconciler: allocation stays inside it meanwhile. */
    private Fence fence;

    private record Fence(PoolLayout admitted, IntervalSet within, long untilNanos) {}

    /** holder key → the address allocated to it whose IPAddress is not indexed yet, and when. */
    private final Map<String, InFlight> inFlight = new HashMap<>();

    private record InFlight(IpAddress address, long sinceNanos) {}

    synchronized boolean define(PoolLayout newLayout) {
        if (newLayout.equals(layout)) {
            return false;
        }
        layout = newLayout;
        preAllocated = newLayout.preAllocatedUnits();
        preAllocatedTo = new HashMap<>();
        preAllocated.forEach((holder, unit) -> preAllocatedTo.put(unit, holder));
        allocator =
                new PoolAllocator(newLayout.allocatableUnits(), newLayout.drainingUnits(), newLayout.preAllocatedSet());
        unmapped = 0;
        fence = null;
        addresses.forEach(this::recordInAllocator);
        inFlight.forEach((holder, allocation) -> newLayout
                .unitOf(allocation.address(), newLayout.allocatedPrefixLength())
                .ifPresent(unit -> allocator.record(unit, holder)));
        return true;
    }

    synchronized boolean undefine() {
        boolean wasDefined = layout != null;
        layout = null;
        allocator = null;
        preAllocated = Map.of();
        preAllocatedTo = Map.of();
        unmapped = 0;
        return wasDefined;
    }

    synchronized Optional<PoolLayout> layout() {
        return Optional.ofNullable(layout);
    }

    /**
     * Records the IPAddress {@code key} ({@code namespace/name} of {@code record}). The index hands the same key
     * string to every map that holds the address, so that each IPAddress costs one key, not one per map.
     */
    synchronized void upsert(String key, AddressRecord record) {
        AddressRecord previous = addresses.put(key, record);
        InFlight allocation = inFlight.remove(key);
        if (allocation != null && allocator != null && !sameAddress(allocation, record)) {
            releaseInFlight(key, allocation); // the IPAddress holds another address than was allocated
        }
        if (allocator != null && (previous == null || !sameAllocation(previous, record))) {
            if (previous != null) {
                releaseInAllocator(key, previous);
            }
            recordInAllocator(key, record);
        }
    }

    synchronized void remove(String key) {
        InFlight allocation = inFlight.remove(key);
        if (allocation != null && allocator != null) {
            releaseInFlight(key, allocation);
        }
        AddressRecord previous = addresses.remove(key);
        if (previous != null && allocator != null) {
            releaseInAllocator(key, previous);
        }
    }

    /**
     * Takes the lowest free unit for {@code holderKey} before its IPAddress exists, after leaving one free unit below
     * it for each holder of {@code servedFirst} that holds nothing of this pool yet (neither an IPAddress nor an
     * allocation in flight): counted here, under the ledger's lock, so that a holder served meanwhile is not left a
     * unit twice. The informer's later sight of the IPAddress is then a no-op. Empty when the pool has no layout or
     * has no free unit left for {@code holderKey}.
     */
    synchronized Optional<IpAddress> allocate(String holderKey, Collection<String> servedFirst) {
        if (allocator == null) {
            return Optional.empty();
        }
        InFlight stale = inFlight.remove(holderKey);
        if (stale != null) {
            releaseInFlight(holderKey, stale); // an earlier allocation whose IPAddress never showed up
        }
        liftExpiredFence();
        long leave = servedFirst.stream()
                .filter(other ->
                        !other.equals(holderKey) && !addresses.containsKey(other) && !inFlight.containsKey(other))
                .count();
        Optional<BigInteger> unit = allocator.allocateAfter(
                holderKey, leave, fence == null ? Optional.empty() : Optional.of(fence.within()));
        Optional<IpAddress> address = unit.map(layout::addressOf);
        address.ifPresent(allocated -> inFlight.put(holderKey, new InFlight(allocated, System.nanoTime())));
        return address;
    }

    /**
     * Takes exactly {@code address}/{@code prefixLength} for {@code holderKey} (a requested or pre-allocated
     * address) before its IPAddress exists, or says why not: held by others (bound once they release it), or not
     * to be had (outside the pool, reserved, draining, pre-allocated to another claim) — never another address.
     */
    synchronized AllocationAttempt allocateRequested(String holderKey, IpAddress address, int prefixLength) {
        if (allocator == null) {
            return new AllocationAttempt.Refused("the pool has no valid spec");
        }
        Optional<String> notAllocatable = layout.whyNotAllocatable(address, prefixLength);
        if (notAllocatable.isPresent()) {
            return new AllocationAttempt.Refused(notAllocatable.get());
        }
        BigInteger unit = layout.unitOf(address, prefixLength).orElseThrow();
        IpAddress canonical = layout.addressOf(unit);
        InFlight stale = inFlight.get(holderKey);
        if (stale != null && !stale.address().equals(canonical)) {
            inFlight.remove(holderKey);
            releaseInFlight(holderKey, stale); // an earlier allocation whose IPAddress never showed up
        }
        String earmarkedFor = preAllocatedTo.get(unit);
        if (earmarkedFor != null && !earmarkedFor.equals(holderKey)) {
            return new AllocationAttempt.Refused(display(layout, canonical) + " is pre-allocated to claim "
                    + earmarkedFor + " in the pool's spec.preAllocations");
        }
        if (layout.drainingUnits().contains(unit) && !allocator.holdersOf(unit).contains(holderKey)) {
            return new AllocationAttempt.Refused(display(layout, canonical)
                    + " is in the pool's drainingAddresses: nothing new is allocated from there");
        }
        liftExpiredFence();
        if (fence != null && !fence.within().contains(unit)) {
            return new AllocationAttempt.Refused(display(layout, canonical)
                    + " is outside an update of the pool's spec being admitted; looking again once it is in force");
        }
        PoolAllocator.Reservation reservation = allocator.reserve(unit, holderKey);
        if (reservation == PoolAllocator.Reservation.HELD_BY_OTHER) {
            return new AllocationAttempt.HeldBy(allocator.holdersOf(unit).stream()
                    .map(holder -> "IPAddress " + holder)
                    .toList());
        }
        inFlight.put(holderKey, new InFlight(canonical, System.nanoTime()));
        return new AllocationAttempt.Granted(canonical);
    }

    /** The address pre-allocated to {@code holderKey} in the pool's spec, if any. */
    synchronized Optional<IpAddress> preAllocation(String holderKey) {
        BigInteger unit = preAllocated.get(holderKey);
        return unit == null ? Optional.empty() : Optional.of(layout.addressOf(unit));
    }

    /**
     * True while {@code holderKey} holds an allocation younger than {@code maxAge} whose IPAddress is not indexed
     * yet: its claim waits for the IPAddress rather than allocating again.
     */
    synchronized boolean inFlight(String holderKey, Duration maxAge) {
        InFlight allocation = inFlight.get(holderKey);
        return allocation != null && System.nanoTime() - allocation.sinceNanos() < maxAge.toNanos();
    }

    /** The other IPAddresses that hold the address of the IPAddress {@code key} (duplicates; normally none). */
    synchronized List<AddressRecord> sharers(String key) {
        AddressRecord own = addresses.get(key);
        if (own == null || allocator == null) {
            return List.of();
        }
        return unitOf(own)
                .map(unit -> allocator.holdersOf(unit).stream()
                        .filter(holder -> !holder.equals(key))
                        .map(addresses::get)
                        .filter(java.util.Objects::nonNull)
                        .toList())
                .orElse(List.of());
    }

    private void liftExpiredFence() {
        if (fence != null && System.nanoTime() - fence.untilNanos() > 0) {
            fence = null; // the admitted update never arrived (refused later, or conflicting): lift the fence
        }
    }

    /**
     * Gives back what {@link #allocate} took when the IPAddress could not be written — unless the IPAddress the
     * index now knows under that key holds exactly this unit.
     */
    synchronized void abandon(IpAddress address, String holderKey) {
        InFlight allocation = inFlight.get(holderKey);
        if (allocation != null && allocation.address().equals(address)) {
            inFlight.remove(holderKey);
        }
        if (allocator == null) {
            return;
        }
        Optional<BigInteger> unit = layout.unitOf(address, layout.allocatedPrefixLength());
        AddressRecord indexed = addresses.get(holderKey);
        if (unit.isPresent() && (indexed == null || !unit.equals(unitOf(indexed)))) {
            allocator.release(unit.get(), holderKey);
        }
    }

    /**
     * The stranding check of a spec update, atomic with allocation: the addresses that are allocatable under the
     * spec in force ({@code before}, or this ledger's layout, or — when neither is known — all of them) and that
     * {@code proposed} would leave outside its allocatable set, counting IPAddresses the index has seen and
     * allocations handed out whose IPAddress is still being written. When nothing is stranded, allocation keeps
     * inside {@code proposed} until the pool reconciler defines it (or {@code fenceFor} passes): no claim gets an
     * address that the admitted update then strands.
     */
    synchronized Admission admit(Optional<PoolLayout> before, PoolLayout proposed, Duration fenceFor) {
        java.util.TreeMap<BigInteger, String> stranded = new java.util.TreeMap<>();
        for (AddressRecord record : addresses.values()) {
            Optional<IpAddress> address = record.parsedAddress();
            if (address.isEmpty()) {
                continue; // unparseable: allocatable under no spec, stranded by none
            }
            int prefix = record.prefix() == null ? -1 : record.prefix();
            boolean allocatableBefore =
                    before.map(b -> allocatable(b, address.get(), prefix)).orElse(true);
            if (allocatableBefore && !allocatable(proposed, address.get(), prefix)) {
                stranded.put(address.get().value(), display(proposed, address.get()));
            }
        }
        if (allocator != null) {
            for (BigInteger unit : allocator.heldUnits()) {
                if (layout.allocatableUnits().contains(unit)) {
                    IpAddress address = layout.addressOf(unit);
                    if (!allocatable(proposed, address, layout.allocatedPrefixLength())) {
                        stranded.put(address.value(), display(proposed, address));
                    }
                }
            }
        }
        List<String> clashes = preAllocationClashes(proposed);
        if (allocator != null && stranded.isEmpty() && clashes.isEmpty() && !proposed.equals(layout)) {
            IntervalSet withheld = proposed.drainingUnits().union(proposed.preAllocatedSet());
            fence = new Fence(
                    proposed,
                    layout.allocatableUnits()
                            .intersection(proposed.allocatableUnits())
                            .minus(withheld),
                    System.nanoTime() + fenceFor.toNanos());
        }
        return new Admission(List.copyOf(stranded.values()), clashes);
    }

    /**
     * The pre-allocations of {@code proposed} whose address an IPAddress of another claim holds (or an allocation of
     * another claim still being written), one sentence each.
     */
    private List<String> preAllocationClashes(PoolLayout proposed) {
        List<String> clashes = new java.util.ArrayList<>();
        proposed.preAllocatedUnits().forEach((holder, unit) -> {
            IpAddress address = proposed.addressOf(unit);
            java.util.Set<String> others = new java.util.TreeSet<>();
            addresses.forEach((key, record) -> {
                if (!key.equals(holder) && record.parsedAddress().equals(Optional.of(address))) {
                    others.add(key);
                }
            });
            inFlight.forEach((key, allocation) -> {
                if (!key.equals(holder) && allocation.address().equals(address)) {
                    others.add(key);
                }
            });
            if (!others.isEmpty()) {
                clashes.add(display(proposed, address) + " (pre-allocated to " + holder + ") is held by "
                        + String.join(", ", others));
            }
        });
        return clashes;
    }

    private static boolean allocatable(PoolLayout layout, IpAddress address, int prefix) {
        return layout.unitOf(address, prefix)
                .map(unit -> layout.allocatableUnits().contains(unit))
                .orElse(false);
    }

    private static String display(PoolLayout layout, IpAddress address) {
        return layout instanceof io.ipamoperator.allocation.PrefixPoolDefinition
                ? address + "/" + layout.allocatedPrefixLength()
                : address.toString();
    }

    /** True when the IPAddress {@code key} is indexed as this very record (not an equal one). */
    synchronized boolean holds(String key, AddressRecord record) {
        return addresses.get(key) == record;
    }

    synchronized Optional<AddressRecord> address(String key) {
        return Optional.ofNullable(addresses.get(key));
    }

    synchronized int addressCount() {
        return addresses.size();
    }

    synchronized long count(java.util.function.Predicate<AddressRecord> test) {
        return addresses.values().stream().filter(test).count();
    }

    /** The keys of the IPAddresses that pass {@code test}: the ledger's own key strings, none made anew. */
    synchronized List<String> keys(java.util.function.Predicate<AddressRecord> test) {
        return addresses.entrySet().stream()
                .filter(entry -> test.test(entry.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    synchronized Optional<PoolCounters> counters() {
        if (allocator == null) {
            return Optional.empty();
        }
        PoolCounters counters = allocator.counters();
        return Optional.of(new PoolCounters(
                counters.total(),
                counters.used() + unmapped,
                counters.free(),
                counters.outOfRange() + unmapped,
                counters.reserved(),
                counters.drainingHeld()));
    }

    synchronized List<PoolAllocator.Duplicate> duplicates() {
        return allocator == null ? List.of() : allocator.duplicates();
    }

    synchronized boolean isEmpty() {
        return addresses.isEmpty() && layout == null;
    }

    private void recordInAllocator(String key, AddressRecord record) {
        Optional<BigInteger> unit = unitOf(record);
        if (unit.isPresent()) {
            allocator.record(unit.get(), key);
        } else {
            unmapped++;
        }
    }

    private void releaseInAllocator(String key, AddressRecord record) {
        Optional<BigInteger> unit = unitOf(record);
        if (unit.isPresent()) {
            allocator.release(unit.get(), key);
        } else {
            unmapped--;
        }
    }

    private Optional<BigInteger> unitOf(AddressRecord record) {
        int prefix = record.prefix() == null ? -1 : record.prefix();
        return record.parsedAddress().flatMap(address -> layout.unitOf(address, prefix));
    }

    private void releaseInFlight(String holder, InFlight allocation) {
        layout.unitOf(allocation.address(), layout.allocatedPrefixLength())
                .ifPresent(unit -> allocator.release(unit, holder));
    }

    private static boolean sameAddress(InFlight allocation, AddressRecord record) {
        return record.parsedAddress().equals(Optional.of(allocation.address()));
    }

    private static boolean sameAllocation(AddressRecord one, AddressRecord other) {
        return java.util.Objects.equals(one.address(), other.address())
                && java.util.Objects.equals(one.prefix(), other.prefix());
    }
}
