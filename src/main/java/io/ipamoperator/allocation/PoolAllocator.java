package io.ipamoperator.allocation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The allocation state of one pool: which units (addresses, or sub-prefixes of a prefix pool) are free and who
 * holds the others.
 *
 * <p>Free units are kept as a tree of maximal free intervals (start → end), always equal to the allocatable set
 * minus the units in use. Taking the lowest free unit, reserving a given unit and releasing one each touch at
 * most two intervals: O(log n) in the number of intervals, independent of the pool's size. Holders are kept
 * per unit, so a unit recorded twice (two IPAddresses with one address) is visible as a {@link Duplicate}
 * instead of silently overwritten.
 *
 * <p>Two kinds of allocatable units are <em>withheld</em>: never handed out as the lowest free unit, yet valid
 * allocations when held: {@code draining} units (a range being emptied) and {@code earmarked} units (pre-allocated to
 * one claim, which gets its unit by {@link #reserve}). Neither counts as free; an earmarked unit nobody holds counts
 * as {@link PoolCounters#reserved() reserved}.
 *
 * <p>Thread safety: every method is {@code synchronized} on the allocator, so decisions for one pool are
 * serialised; allocators of different pools share nothing and proceed in parallel.
 */
public final class PoolAllocator {

    private IntervalSet allocatable;
    private IntervalSet draining;
    private IntervalSet earmarked;
    private final TreeMap<BigInteger, BigInteger> free = new TreeMap<>();
    private BigInteger freeCount = BigInteger.ZERO;
    /**
     * unit → its holder: a {@code String} in the normal case, a {@code List<String>} when the unit is recorded
     * for more than one holder (a duplicate). The single-holder form keeps an allocation to one map entry.
     */
    private final Map<BigInteger, Object> holders = new HashMap<>();

    private long used;
    private long outOfRange;
    /** Distinct draining units somebody holds. */
    private long drainingHeld;
    /** Distinct earmarked units somebody holds. */
    private long earmarkedHeld;

    public PoolAllocator(IntervalSet allocatable) {
        this(allocatable, IntervalSet.empty(), IntervalSet.empty());
    }

    /** {@code draining} and {@code earmarked} are subsets of {@code allocatable} (what lies outside is ignored). */
    public PoolAllocator(IntervalSet allocatable, IntervalSet draining, IntervalSet earmarked) {
        this.allocatable = allocatable;
        this.draining = draining.intersection(allocatable);
        this.earmarked = earmarked.intersection(allocatable);
        rebuildFree();
    }

    /** Gives the lowest free unit to {@code holder}; empty when the pool is exhausted. */
    public synchronized Optional<BigInteger> allocateLowest(String holder) {
        Map.Entry<BigInteger, BigInteger> lowest = free.pollFirstEntry();
        if (lowest == null) {
            return Optional.empty();
        }
        BigInteger unit = lowest.getKey();
        if (unit.compareTo(lowest.getValue()) < 0) {
            free.put(unit.add(BigInteger.ONE), lowest.getValue());
        }
        freeCount = freeCount.subtract(BigInteger.ONE);
        addHolder(unit, holder);
        return Optional.of(unit);
    }

    /**
     * Gives {@code holder} the lowest free unit after leaving {@code leave} free units below it for others (claims
     * created earlier that have not been served yet), optionally only within {@code within}; empty when fewer than
     * {@code leave + 1} units are free there. With {@code leave} 0 it is {@link #allocateLowest}
     * ({@link #allocateLowestWithin}); otherwise O(i + k log n) for the i free intervals walked.
     */
    public synchronized Optional<BigInteger> allocateAfter(String holder, long leave, Optional<IntervalSet> within) {
        if (leave < 0) {
            throw new IllegalArgumentException("leave must not be negative: " + leave);
        }
        if (leave == 0) {
            return within.isPresent() ? allocateLowestWithin(holder, within.get()) : allocateLowest(holder);
        }
        BigInteger remaining = BigInteger.valueOf(leave);
        for (Map.Entry<BigInteger, BigInteger> interval : free.entrySet()) {
            List<Interval> parts = within.map(allowed -> allowed.intersection(
                                    IntervalSet.of(new Interval(interval.getKey(), interval.getValue())))
                            .intervals())
                    .orElseGet(() -> List.of(new Interval(interval.getKey(), interval.getValue())));
            for (Interval part : parts) {
                if (remaining.compareTo(part.size()) < 0) {
                    BigInteger unit = part.first().add(remaining);
                    takeFree(unit);
                    addHolder(unit, holder);
                    return Optional.of(unit);
                }
                remaining = remaining.subtract(part.size());
            }
        }
        return Optional.empty();
    }

    /**
     * Gives the lowest free unit that also lies in {@code within} to {@code holder}; empty when there is none.
     * O(k log n) for the k intervals of {@code within}.
     */
    public synchronized Optional<BigInteger> allocateLowestWithin(String holder, IntervalSet within) {
        for (Interval allowed : within.intervals()) {
            BigInteger candidate = null;
            Map.Entry<BigInteger, BigInteger> below = free.floorEntry(allowed.first());
            if (below != null && below.getValue().compareTo(allowed.first()) >= 0) {
                candidate = allowed.first();
            } else {
                BigInteger above = free.ceilingKey(allowed.first());
                if (above != null && above.compareTo(allowed.last()) <= 0) {
                    candidate = above;
                }
            }
            if (candidate != null) {
                takeFree(candidate);
                addHolder(candidate, holder);
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Every unit somebody holds, in range or not. */
    public synchronized java.util.Set<BigInteger> heldUnits() {
        return java.util.Set.copyOf(holders.keySet());
    }

    /**
     * Gives {@code unit} to {@code holder} if it is allocatable and nobody holds it (a requested or pre-allocated
     * address), withheld or not: whether a withheld unit may go to this holder is the caller's rule. Nothing
     * changes unless the answer is {@link Reservation#RESERVED}.
     */
    public synchronized Reservation reserve(BigInteger unit, String holder) {
        List<String> current = holdersList(unit);
        if (!current.isEmpty()) {
            return current.contains(holder) ? Reservation.ALREADY_HELD : Reservation.HELD_BY_OTHER;
        }
        if (!allocatable.contains(unit)) {
            return Reservation.NOT_ALLOCATABLE;
        }
        if (isFree(unit)) {
            takeFree(unit);
        }
        addHolder(unit, holder);
        return Reservation.RESERVED;
    }

    /**
     * Records an allocation that already exists (an IPAddress seen in the cluster), whatever it is: in range or
     * not, free or already held. Recording the same holder twice changes nothing.
     */
    public synchronized Recorded record(BigInteger unit, String holder) {
        List<String> current = holdersList(unit);
        boolean inRange = allocatable.contains(unit);
        if (current.contains(holder)) {
            return new Recorded(current.size() > 1, !inRange);
        }
        if (current.isEmpty() && inRange && isFree(unit)) {
            takeFree(unit);
        }
        addHolder(unit, holder);
        return new Recorded(!current.isEmpty(), !inRange);
    }

    /** Takes {@code unit} from {@code holder}; the unit is free again once nobody holds it. */
    public synchronized boolean release(BigInteger unit, String holder) {
        Object current = holders.get(unit);
        if (current == null) {
            return false;
        }
        if (current instanceof String single) {
            if (!single.equals(holder)) {
                return false;
            }
            holders.remove(unit);
        } else {
            List<String> several = castList(current);
            if (!several.remove(holder)) {
                return false;
            }
            holders.put(unit, several.size() == 1 ? several.get(0) : several);
        }
        used--;
        boolean inRange = allocatable.contains(unit);
        if (!inRange) {
            outOfRange--;
        }
        if (!holders.containsKey(unit)) {
            if (draining.contains(unit)) {
                drainingHeld--;
            } else if (earmarked.contains(unit)) {
                earmarkedHeld--;
            } else if (inRange) {
                giveBack(unit);
            }
        }
        return true;
    }

    /** Replaces the allocatable set (the pool's spec changed); holders stay, in range or not. */
    public synchronized void redefine(IntervalSet newAllocatable) {
        allocatable = newAllocatable;
        draining = draining.intersection(newAllocatable);
        earmarked = earmarked.intersection(newAllocatable);
        rebuildFree();
    }

    public synchronized boolean isInUse(BigInteger unit) {
        return holders.containsKey(unit);
    }

    public synchronized boolean isFree(BigInteger unit) {
        Map.Entry<BigInteger, BigInteger> candidate = free.floorEntry(unit);
        return candidate != null && candidate.getValue().compareTo(unit) >= 0;
    }

    /** Who holds {@code unit}, in the order they were recorded. */
    public synchronized List<String> holdersOf(BigInteger unit) {
        return List.copyOf(holdersList(unit));
    }

    public synchronized PoolCounters counters() {
        return new PoolCounters(
                allocatable.size(),
                used,
                freeCount,
                outOfRange,
                earmarked.size().subtract(BigInteger.valueOf(earmarkedHeld)).longValueExact(),
                drainingHeld);
    }

    /** Every unit recorded for more than one holder. */
    public synchronized List<Duplicate> duplicates() {
        List<Duplicate> duplicates = new ArrayList<>();
        holders.forEach((unit, names) -> {
            if (names instanceof List<?>) {
                duplicates.add(new Duplicate(unit, List.copyOf(castList(names))));
            }
        });
        return duplicates;
    }

    /** The current free units, for tests and diagnostics. */
    public synchronized IntervalSet freeUnits() {
        return IntervalSet.of(free.entrySet().stream()
                .map(e -> new Interval(e.getKey(), e.getValue()))
                .toList());
    }

    private void addHolder(BigInteger unit, String holder) {
        if (!holders.containsKey(unit)) {
            if (draining.contains(unit)) {
                drainingHeld++;
            } else if (earmarked.contains(unit)) {
                earmarkedHeld++;
            }
        }
        holders.merge(unit, holder, (existing, added) -> {
            List<String> several =
                    existing instanceof String single ? new ArrayList<>(List.of(single)) : castList(existing);
            several.add(holder);
            return several;
        });
        used++;
        if (!allocatable.contains(unit)) {
            outOfRange++;
        }
    }

    private void takeFree(BigInteger unit) {
        Map.Entry<BigInteger, BigInteger> interval = free.floorEntry(unit);
        BigInteger start = interval.getKey();
        BigInteger end = interval.getValue();
        free.remove(start);
        if (start.compareTo(unit) < 0) {
            free.put(start, unit.subtract(BigInteger.ONE));
        }
        if (unit.compareTo(end) < 0) {
            free.put(unit.add(BigInteger.ONE), end);
        }
        freeCount = freeCount.subtract(BigInteger.ONE);
    }

    private void giveBack(BigInteger unit) {
        BigInteger start = unit;
        BigInteger end = unit;
        Map.Entry<BigInteger, BigInteger> below = free.lowerEntry(unit);
        if (below != null && below.getValue().add(BigInteger.ONE).equals(unit)) {
            start = below.getKey();
        }
        BigInteger next = unit.add(BigInteger.ONE);
        BigInteger above = free.remove(next);
        if (above != null) {
            end = above;
        }
        free.put(start, end);
        freeCount = freeCount.add(BigInteger.ONE);
    }

    private void rebuildFree() {
        List<Interval> inUse = new ArrayList<>(holders.size());
        outOfRange = 0;
        drainingHeld = 0;
        earmarkedHeld = 0;
        for (Map.Entry<BigInteger, Object> entry : holders.entrySet()) {
            inUse.add(Interval.single(entry.getKey()));
            if (draining.contains(entry.getKey())) {
                drainingHeld++;
            } else if (earmarked.contains(entry.getKey())) {
                earmarkedHeld++;
            }
            if (!allocatable.contains(entry.getKey())) {
                outOfRange += entry.getValue() instanceof String
                        ? 1
                        : castList(entry.getValue()).size();
            }
        }
        IntervalSet freeSet = allocatable.minus(draining).minus(earmarked).minus(IntervalSet.of(inUse));
        free.clear();
        freeSet.intervals().forEach(interval -> free.put(interval.first(), interval.last()));
        freeCount = freeSet.size();
    }

    private List<String> holdersList(BigInteger unit) {
        Object current = holders.get(unit);
        if (current == null) {
            return List.of();
        }
        return current instanceof String single ? List.of(single) : castList(current);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object holders) {
        return (List<String>) holders;
    }

    /** The outcome of {@link #reserve}. */
    public enum Reservation {
        RESERVED,
        ALREADY_HELD,
        HELD_BY_OTHER,
        NOT_ALLOCATABLE
    }

    /** The outcome of {@link #record}: whether the unit was already held by someone else, and if it is in range. */
    public record Recorded(boolean duplicate, boolean outOfRange) {}

    /** A unit with more than one holder. */
    public record Duplicate(BigInteger unit, List<String> holders) {}
}
