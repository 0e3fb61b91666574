package io.ipamoperator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pool fields beyond the in-cluster provider: drainingAddresses and preAllocations, in the core. */
class DrainingAndPreAllocationTest {

    private static final IpPoolSpecification POOL =
            IpPoolSpecification.of(List.of("10.0.0.0/24"), 24, "10.0.0.1").withExcluded(List.of("10.0.0.100"));

    @Test
    void drainingAddressesStayAllocatableButAreNeverTheLowestFree() {
        IpPoolDefinition pool = IpPoolDefinitionTest.valid(POOL.withDraining(List.of("10.0.0.2-10.0.0.5")));
        PoolAllocator allocator = allocator(pool);

        assertThat(pool.allocatable().contains(unit("10.0.0.3"))).isTrue();
        assertThat(allocator.allocateLowest("ns/a")).contains(unit("10.0.0.6"));
        assertThat(allocator.record(unit("10.0.0.3"), "ns/old").outOfRange()).isFalse();
        assertThat(allocator.counters().drainingHeld()).isEqualTo(1);

        allocator.release(unit("10.0.0.3"), "ns/old");

        assertThat(allocator.counters().drainingHeld()).isZero();
        assertThat(allocator.isFree(unit("10.0.0.3"))).isFalse();
        assertThat(allocator.allocateLowest("ns/b")).contains(unit("10.0.0.7"));
    }

    @Test
    void aPreAllocatedAddressIsReservedForItsClaimAndCountedUntilHeld() {
        IpPoolDefinition pool = IpPoolDefinitionTest.valid(
                POOL.withPreAllocations(Map.of("node-a", "10.0.0.2", "node-b", "10.0.0.50"), "ns"));
        PoolAllocator allocator = allocator(pool);

        assertThat(pool.preAllocatedUnits()).containsEntry("ns/node-a", unit("10.0.0.2"));
        assertThat(allocator.allocateLowest("ns/other")).contains(unit("10.0.0.3"));
        assertThat(allocator.counters().reserved()).isEqualTo(2);

        assertThat(allocator.reserve(unit("10.0.0.2"), "ns/node-a")).isEqualTo(PoolAllocator.Reservation.RESERVED);
        assertThat(allocator.counters().reserved()).isEqualTo(1);
        assertThat(allocator.counters().free()).isEqualTo(BigInteger.valueOf(249));

        allocator.release(unit("10.0.0.2"), "ns/node-a");

        assertThat(allocator.counters().reserved()).isEqualTo(2);
        assertThat(allocator.allocateLowest("ns/next")).contains(unit("10.0.0.4"));
    }

    @Test
    void aGlobalPoolsPreAllocationsAreKeyedByNamespaceAndName() {
        IpPoolDefinition pool =
                IpPoolDefinitionTest.valid(POOL.withPreAllocations(Map.of("team-a/nic-m1-ipv4", "10.0.0.9"), null));

        assertThat(pool.preAllocatedUnits()).containsOnlyKeys("team-a/nic-m1-ipv4");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a draining entry outside addresses       | DRAIN | 10.0.1.0/30      | draining addresses must be within addresses
            a draining entry of the other family     | DRAIN | fd00::1          | draining addresses and addresses are of mixed IP families
            an unparseable draining entry            | DRAIN | banana           | provided address is not a valid IP, range, nor CIDR
            a pre-allocated range                    | PRE   | 10.0.0.8/30      | a pre-allocated address must be a single IP address
            a pre-allocated gateway                  | PRE   | 10.0.0.1         | 10.0.0.1 is the pool's gateway
            a pre-allocated excluded address         | PRE   | 10.0.0.100       | 10.0.0.100 is in the pool's excludedAddresses
            a pre-allocated network address          | PRE   | 10.0.0.0         | 10.0.0.0 is the network address of 10.0.0.0/24, reserved unless allocateReservedIPAddresses is set
            a pre-allocated broadcast address        | PRE   | 10.0.0.255       | 10.0.0.255 is the broadcast address of 10.0.0.0/24, reserved unless allocateReservedIPAddresses is set
            a pre-allocated address outside the pool | PRE   | 10.0.1.5         | 10.0.1.5 is outside the pool's addresses
            a pre-allocated address of the other family | PRE | fd00::5         | fd00::5 is not an IPv4 address, as the pool's are
            """)
    void invalidDrainingAndPreAllocationEntriesAreRefusedWithAReason(
            String what, String field, String entry, String message) {
        IpPoolSpecification spec = field.equals("DRAIN")
                ? POOL.withDraining(List.of(entry))
                : POOL.withPreAllocations(Map.of("node", entry), "ns");

        PoolValidation<IpPoolDefinition> validation = IpPoolDefinition.validate(spec);

        assertThat(validation.isValid()).isFalse();
        assertThat(validation.violations())
                .singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo(message));
    }

    @Test
    void oneAddressPreAllocatedTwiceIsRefusedNamingBothClaims() {
        PoolValidation<IpPoolDefinition> validation =
                IpPoolDefinition.validate(POOL.withPreAllocations(Map.of("a", "10.0.0.7", "b", "10.0.0.7"), "ns"));

        assertThat(validation.violations())
                .singleElement()
                .satisfies(v -> assertThat(v.message())
                        .isEqualTo("an address is pre-allocated to one claim only, not to a, b"));
    }

    @Test
    void aPreAllocationInsideADrainingRangeIsRefused() {
        PoolValidation<IpPoolDefinition> validation = IpPoolDefinition.validate(
                POOL.withDraining(List.of("10.0.0.2-10.0.0.9")).withPreAllocations(Map.of("a", "10.0.0.7"), "ns"));

        assertThat(validation.message()).contains("10.0.0.7 is in the pool's drainingAddresses");
    }

    @ParameterizedTest(name = "key \"{0}\" in a {1} pool is refused")
    @CsvSource(delimiter = '|', textBlock = """
            ns/node      | namespaced
            node         | global
            /node        | global
            ns/          | global
            a/b/c        | global
            """)
    void aPreAllocationKeyThatNamesNoClaimIsRefused(String key, String scope) {
        PoolValidation<IpPoolDefinition> validation = IpPoolDefinition.validate(
                POOL.withPreAllocations(Map.of(key, "10.0.0.7"), scope.equals("global") ? null : "ns"));

        assertThat(validation.isValid()).isFalse();
        assertThat(validation.violations().get(0).field()).isEqualTo("spec.preAllocations[" + key + "]");
    }

    @Test
    void aPrefixPoolSaysWhyASubPrefixCannotBeHad() {
        PrefixPoolDefinition pool = PrefixPoolDefinition.validate(
                        new PrefixPoolSpecification(List.of("fd00:1::/48"), 64, null, List.of("fd00:1:0:5::/64")))
                .definition()
                .orElseThrow();

        assertThat(pool.whyNotAllocatable(IpAddress.of("fd00:1:0:4::"), 64)).isEmpty();
        assertThat(pool.whyNotAllocatable(IpAddress.of("fd00:1:0:5::"), 64))
                .contains("fd00:1:0:5::/64 overlaps the pool's excludedPrefixes");
        assertThat(pool.whyNotAllocatable(IpAddress.of("fd00:2::"), 64))
                .contains("fd00:2::/64 is outside the pool's prefixes");
        assertThat(pool.whyNotAllocatable(IpAddress.of("fd00:1:0:4::1"), 64))
                .contains("fd00:1:0:4::1/64 is not aligned to its prefix length");
        assertThat(pool.whyNotAllocatable(IpAddress.of("fd00:1:0:4::"), 80))
                .contains("fd00:1:0:4::/80 is not a /64, the pool's allocationPrefixLength");
        assertThat(pool.whyNotAllocatable(IpAddress.of("10.0.0.1"), 64))
                .contains("10.0.0.1/64 is not an IPv6 prefix, as the pool's are");
    }

    private static PoolAllocator allocator(PoolLayout pool) {
        return new PoolAllocator(
                pool.allocatableUnits(),
                pool.drainingUnits(),
                IntervalSet.of(pool.preAllocatedUnits().values().stream()
                        .map(Interval::single)
                        .toList()));
    }

    private static BigInteger unit(String address) {
        return IpAddress.of(address).value();
    }
}
