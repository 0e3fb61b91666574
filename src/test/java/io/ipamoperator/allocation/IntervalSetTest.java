package io.ipamoperator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class IntervalSetTest {

    @Test
    void mergesOverlappingAndAdjacentIntervals() {
        assertThat(IntervalSet.of(Interval.of(5, 7), Interval.of(1, 2), Interval.of(3, 4), Interval.of(6, 9))
                        .intervals())
                .containsExactly(Interval.of(1, 9));
    }

    @Test
    void answersMembershipAndOverlapByBinarySearch() {
        IntervalSet set = IntervalSet.of(Interval.of(10, 20), Interval.of(30, 40));

        assertThat(set.contains(BigInteger.valueOf(25))).isFalse();
        assertThat(set.contains(BigInteger.valueOf(30))).isTrue();
        assertThat(set.containsAll(Interval.of(12, 18))).isTrue();
        assertThat(set.containsAll(Interval.of(18, 32))).isFalse();
        assertThat(set.overlaps(Interval.of(21, 29))).isFalse();
        assertThat(set.overlaps(Interval.of(25, 31))).isTrue();
    }

    @Property(tries = 500)
    void setAlgebraAgreesWithBitSets(@ForAll("sets") List<Interval> a, @ForAll("sets") List<Interval> b) {
        IntervalSet setA = IntervalSet.of(a);
        IntervalSet setB = IntervalSet.of(b);
        BitSet bitsA = bits(a);
        BitSet bitsB = bits(b);

        BitSet union = (BitSet) bitsA.clone();
        union.or(bitsB);
        BitSet minus = (BitSet) bitsA.clone();
        minus.andNot(bitsB);
        BitSet intersection = (BitSet) bitsA.clone();
        intersection.and(bitsB);

        assertThat(bits(setA.union(setB).intervals())).isEqualTo(union);
        assertThat(bits(setA.minus(setB).intervals())).isEqualTo(minus);
        assertThat(bits(setA.intersection(setB).intervals())).isEqualTo(intersection);
        assertThat(setA.size()).isEqualTo(BigInteger.valueOf(bitsA.cardinality()));
        assertNormalised(setA.minus(setB));
        assertNormalised(setA.union(setB));
    }

    @Provide
    Arbitrary<List<Interval>> sets() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 100),
                        Arbitraries.integers().between(0, 10))
                .as((first, length) -> Interval.of(first, first + length))
                .list()
                .ofMaxSize(6);
    }

    private static BitSet bits(List<Interval> intervals) {
        BitSet bits = new BitSet();
        intervals.forEach(i -> bits.set(i.first().intValueExact(), i.last().intValueExact() + 1));
        return bits;
    }

    private static void assertNormalised(IntervalSet set) {
        List<Interval> intervals = set.intervals();
        for (int i = 1; i < intervals.size(); i++) {
            assertThat(intervals.get(i - 1).last().add(BigInteger.ONE))
                    .isLessThan(intervals.get(i).first());
        }
    }
}
