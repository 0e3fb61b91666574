package io.ipamoperator.allocation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An immutable set of non-negative numbers, stored as sorted, disjoint, non-adjacent intervals. Its size in memory
 * depends on how fragmented it is, never on how many numbers it holds. Membership is a binary search; union,
 * difference and intersection are linear merges over the intervals.
 *
 * <p>Written by hand rather than with the ipaddress library's sequential ranges because the pools' set algebra
 * also runs over prefix indices (units that are not addresses), and because a plain numeric merge is short.
 */
public final class IntervalSet {

    private static final IntervalSet EMPTY = new IntervalSet(List.of());

    private final List<Interval> intervals;

    private IntervalSet(List<Interval> normalized) {
        this.intervals = normalized;
    }

    public static IntervalSet empty() {
        return EMPTY;
    }

    public static IntervalSet of(Interval... intervals) {
        return of(List.of(intervals));
    }

    /** The union of any intervals, overlapping or not, in any order. */
    public static IntervalSet of(Collection<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(Interval::first));
        List<Interval> merged = new ArrayList<>(sorted.size());
        for (Interval next : sorted) {
            int lastIndex = merged.size() - 1;
            if (lastIndex >= 0
                    && merged.get(lastIndex).last().add(BigInteger.ONE).compareTo(next.first()) >= 0) {
                Interval previous = merged.get(lastIndex);
                merged.set(
                        lastIndex,
                        new Interval(previous.first(), previous.last().max(next.last())));
            } else {
                merged.add(next);
            }
        }
        return merged.isEmpty() ? EMPTY : new IntervalSet(List.copyOf(merged));
    }

    public List<Interval> intervals() {
        return intervals;
    }

    public boolean isEmpty() {
        return intervals.isEmpty();
    }

    /** How many numbers the set holds (exact, also for whole IPv6 spaces). */
    public BigInteger size() {
        BigInteger size = BigInteger.ZERO;
        for (Interval interval : intervals) {
            size = size.add(interval.size());
        }
        return size;
    }

    public Optional<BigInteger> lowest() {
        return intervals.isEmpty()
                ? Optional.empty()
                : Optional.of(intervals.get(0).first());
    }

    public boolean contains(BigInteger value) {
        int index = indexOfLastStartingAtOrBefore(value);
        return index >= 0 && intervals.get(index).contains(value);
    }

    /** True when every number of {@code interval} is in the set. */
    public boolean containsAll(Interval interval) {
        int index = indexOfLastStartingAtOrBefore(interval.first());
        return index >= 0 && intervals.get(index).contains(interval);
    }

    /** True when the set shares at least one number with {@code interval}. */
    public boolean overlaps(Interval interval) {
        int index = indexOfLastStartingAtOrBefore(interval.last());
        return index >= 0 && intervals.get(index).last().compareTo(interval.first()) >= 0;
    }

    public IntervalSet union(IntervalSet other) {
        List<Interval> all = new ArrayList<>(intervals);
        all.addAll(other.intervals);
        return of(all);
    }

    public IntervalSet minus(IntervalSet other) {
        List<Interval> result = new ArrayList<>();
        int j = 0;
        for (Interval interval : intervals) {
            BigInteger start = interval.first();
            while (j < other.intervals.size() && other.intervals.get(j).last().compareTo(start) < 0) {
                j++;
            }
            int k = j;
            while (start != null
                    && k < other.intervals.size()
                    && other.intervals.get(k).first().compareTo(interval.last()) <= 0) {
                Interval cut = other.intervals.get(k);
                if (cut.first().compareTo(start) > 0) {
                    result.add(new Interval(start, cut.first().subtract(BigInteger.ONE)));
                }
                start = cut.last().compareTo(interval.last()) >= 0
                        ? null
                        : cut.last().add(BigInteger.ONE);
                k++;
            }
            if (start != null) {
                result.add(new Interval(start, interval.last()));
            }
        }
        return result.isEmpty() ? EMPTY : new IntervalSet(List.copyOf(result));
    }

    public IntervalSet intersection(IntervalSet other) {
        List<Interval> result = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < intervals.size() && j < other.intervals.size()) {
            Interval a = intervals.get(i);
            Interval b = other.intervals.get(j);
            BigInteger first = a.first().max(b.first());
            BigInteger last = a.last().min(b.last());
            if (first.compareTo(last) <= 0) {
                result.add(new Interval(first, last));
            }
            if (a.last().compareTo(b.last()) < 0) {
                i++;
            } else {
                j++;
            }
        }
        return result.isEmpty() ? EMPTY : new IntervalSet(List.copyOf(result));
    }

    private int indexOfLastStartingAtOrBefore(BigInteger value) {
        int low = 0;
        int high = intervals.size() - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (intervals.get(middle).first().compareTo(value) <= 0) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IntervalSet set && set.intervals.equals(intervals);
    }

    @Override
    public int hashCode() {
        return intervals.hashCode();
    }

    @Override
    public String toString() {
        return intervals.toString();
    }
}
