package io.ipamoperator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.PoolAllocator.Reservation;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolAllocatorTest {

    private final IpPoolDefinition pool =
            IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.12"), 24, "10.0.0.1"));
    private final PoolAllocator allocator = new PoolAllocator(pool.allocatable());

    @Test
    void allocatesTheLowestFreeAddressFirst() {
        assertThat(allocate("a")).isEqualTo("10.0.0.10");
        assertThat(allocate("b")).isEqualTo("10.0.0.11");
        assertThat(allocate("c")).isEqualTo("10.0.0.12");
    }

    @Test
    void leavesTheLowestFreeAddressesToClaimsServedFirst() {
        allocate("a");

        assertThat(allocator.allocateAfter("later", 1, java.util.Optional.empty()))
                .contains(unit("10.0.0.12"));
        assertThat(allocate("earlier")).isEqualTo("10.0.0.11");
        assertThat(allocator.allocateAfter("last", 1, java.util.Optional.empty()))
                .isEmpty();
    }

    @Test
    void leavesFreeAddressesOnlyInsideTheGivenUnits() {
        IntervalSet upperTwo = IntervalSet.of(new Interval(unit("10.0.0.11"), unit("10.0.0.12")));

        assertThat(allocator.allocateAfter("later", 1, java.util.Optional.of(upperTwo)))
                .contains(unit("10.0.0.12"));
        assertThat(allocator.allocateAfter("too-late", 1, java.util.Optional.of(upperTwo)))
                .isEmpty();
    }

    @Test
    void reportsExhaustionWhenNothingIsFree() {
        allocate("a");
        allocate("b");
        allocate("c");

        assertThat(allocator.allocateLowest("d")).isEmpty();
        assertThat(allocator.counters()).isEqualTo(new PoolCounters(BigInteger.valueOf(3), 3, BigInteger.ZERO, 0));
    }

    @Test
    void releaseMakesTheAddressTheLowestFreeAgain() {
        allocate("a");
        allocate("b");
        allocate("c");

        assertThat(allocator.release(unit("10.0.0.11"), "b")).isTrue();

        assertThat(allocator.isFree(unit("10.0.0.11"))).isTrue();
        assertThat(allocate("d")).isEqualTo("10.0.0.11");
    }

    @Test
    void releaseByAnotherHolderChangesNothing() {
        allocate("a");

        assertThat(allocator.release(unit("10.0.0.10"), "intruder")).isFalse();
        assertThat(allocator.isInUse(unit("10.0.0.10"))).isTrue();
    }

    @Test
    void reservesASpecificFreeAddressAndSaysWhyOtherwise() {
        assertThat(allocator.reserve(unit("10.0.0.11"), "a")).isEqualTo(Reservation.RESERVED);
        assertThat(allocator.reserve(unit("10.0.0.11"), "a")).isEqualTo(Reservation.ALREADY_HELD);
        assertThat(allocator.reserve(unit("10.0.0.11"), "b")).isEqualTo(Reservation.HELD_BY_OTHER);
        assertThat(allocator.reserve(unit("10.0.0.1"), "b")).isEqualTo(Reservation.NOT_ALLOCATABLE);
        assertThat(allocate("c")).isEqualTo("10.0.0.10");
        assertThat(allocate("d")).isEqualTo("10.0.0.12");
    }

    @Test
    void recordingAnAddressTwiceForDifferentHoldersIsADuplicate() {
        assertThat(allocator.record(unit("10.0.0.10"), "a")).isEqualTo(new PoolAllocator.Recorded(false, false));
        assertThat(allocator.record(unit("10.0.0.10"), "a")).isEqualTo(new PoolAllocator.Recorded(false, false));
        assertThat(allocator.record(unit("10.0.0.10"), "b")).isEqualTo(new PoolAllocator.Recorded(true, false));

        assertThat(allocator.duplicates())
                .containsExactly(new PoolAllocator.Duplicate(unit("10.0.0.10"), List.of("a", "b")));
        assertThat(allocator.counters().used()).isEqualTo(2);
        assertThat(allocator.counters().free()).isEqualTo(2);
        assertThat(allocate("c")).isEqualTo("10.0.0.11");
    }

    @Test
    void aDuplicatedAddressIsFreeOnlyWhenEveryHolderReleasedIt() {
        allocator.record(unit("10.0.0.10"), "a");
        allocator.record(unit("10.0.0.10"), "b");

        allocator.release(unit("10.0.0.10"), "a");
        assertThat(allocator.isFree(unit("10.0.0.10"))).isFalse();

        allocator.release(unit("10.0.0.10"), "b");
        assertThat(allocator.isFree(unit("10.0.0.10"))).isTrue();
    }

    @Test
    void outOfRangeAddressesCountAsUsedButNotAgainstFree() {
        allocator.record(unit("10.0.0.50"), "stray");
        allocator.record(unit("10.0.0.1"), "on-the-gateway");

        assertThat(allocator.counters())
                .isEqualTo(new PoolCounters(BigInteger.valueOf(3), 2, BigInteger.valueOf(3), 2));
    }

    @Test
    void shrinkingThePoolTurnsHeldAddressesOutOfRangeWithoutReleasingThem() {
        allocate("a");
        allocate("b");

        allocator.redefine(IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("10.0.0.11-10.0.0.20"), 24, null))
                .allocatable());

        assertThat(allocator.counters())
                .isEqualTo(new PoolCounters(BigInteger.valueOf(10), 2, BigInteger.valueOf(9), 1));
        assertThat(allocator.holdersOf(unit("10.0.0.10"))).containsExactly("a");
        assertThat(allocate("c")).isEqualTo("10.0.0.12");
    }

    @Test
    void countersOfAnIpv6Slash64AreExactAndCappedOnlyWhenWritten() {
        PoolAllocator huge =
                new PoolAllocator(IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("fd00::/64"), 64, null))
                        .allocatable());
        huge.allocateLowest("a");

        PoolCounters counters = huge.counters();
        assertThat(counters.total()).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        assertThat(counters.free()).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.TWO));
        assertThat(PoolCounters.capped(counters.total())).isEqualTo(Long.MAX_VALUE);
        assertThat(PoolCounters.capped(BigInteger.TEN)).isEqualTo(10);
    }

    @Test
    void allocatesAcrossTheTopOfTheIpv6Space() {
        PoolAllocator top = new PoolAllocator(IpPoolDefinitionTest.valid(IpPoolSpecification.of(
                        List.of("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                        64,
                        null))
                .allocatable());

        assertThat(top.allocateLowest("a")
                        .map(v -> IpAddress.of(IpFamily.IPV6, v).toString()))
                .contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
        assertThat(top.allocateLowest("b")
                        .map(v -> IpAddress.of(IpFamily.IPV6, v).toString()))
                .contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        assertThat(top.allocateLowest("c")).isEmpty();
    }

    private String allocate(String holder) {
        return allocator
                .allocateLowest(holder)
                .map(value -> IpAddress.of(IpFamily.IPV4, value).toString())
                .orElse("exhausted");
    }

    private static BigInteger unit(String address) {
        return IpAddress.of(address).value();
    }
}
