package io.ipamoperator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The allocator against a naive model that enumerates every address of a small random pool: random pools near the
 * edges of both families' spaces (::, ffff…, 0.0.0.0, 255.255.255.255), prefixes from /0 to /32 and /128, random
 * exclusions, gateways and reserved-address settings, then random sequences of allocations, releases,
 * reservations and recordings.
 */
class PoolAllocatorPropertiesTest {

    private static final int WINDOW = 64;

    @Property(tries = 400)
    void allocatableSetEqualsTheNaiveEnumeration(@ForAll("pools") Pool pool) {
        IpPoolDefinition definition = pool.definition();

        assertThat(definition.allocatable())
                .isEqualTo(IntervalSet.of(
                        pool.naiveAllocatable().stream().map(Interval::single).toList()));
    }

    @Property(tries = 400)
    void allocatorAgreesWithTheNaiveModelAfterEveryOperation(
            @ForAll("pools") Pool pool, @ForAll("operations") List<Operation> operations) {
        TreeSet<BigInteger> allocatable = pool.naiveAllocatable();
        PoolAllocator allocator = new PoolAllocator(pool.definition().allocatable());
        Map<BigInteger, List<String>> held = new HashMap<>();
        List<Map.Entry<BigInteger, String>> holdings = new ArrayList<>();
        int holderNumber = 0;

        for (Operation operation : operations) {
            String holder = "h" + holderNumber++;
            BigInteger target = pool.window().add(BigInteger.valueOf(operation.offset()));
            switch (operation.kind()) {
                case ALLOCATE -> {
                    Optional<BigInteger> expected = allocatable.stream()
                            .filter(a -> !held.containsKey(a))
                            .findFirst();
                    Optional<BigInteger> actual = allocator.allocateLowest(holder);
                    assertThat(actual).isEqualTo(expected);
                    actual.ifPresent(address -> {
                        assertThat(allocatable).contains(address);
                        held.computeIfAbsent(address, k -> new ArrayList<>()).add(holder);
                        holdings.add(Map.entry(address, holder));
                    });
                }
                case ALLOCATE_AFTER -> {
                    long leave = operation.offset() % 4;
                    Optional<BigInteger> expected = allocatable.stream()
                            .filter(a -> !held.containsKey(a))
                            .skip(leave)
                            .findFirst();
                    Optional<BigInteger> actual = allocator.allocateAfter(holder, leave, Optional.empty());
                    assertThat(actual).isEqualTo(expected);
                    actual.ifPresent(address -> {
                        held.computeIfAbsent(address, k -> new ArrayList<>()).add(holder);
                        holdings.add(Map.entry(address, holder));
                    });
                }
                case RELEASE -> {
                    if (!holdings.isEmpty()) {
                        var holding = holdings.remove(operation.offset() % holdings.size());
                        assertThat(allocator.release(holding.getKey(), holding.getValue()))
                                .isTrue();
                        held.get(holding.getKey()).remove(holding.getValue());
                        if (held.get(holding.getKey()).isEmpty()) {
                            held.remove(holding.getKey());
                        }
                    }
                }
                case RESERVE -> {
                    PoolAllocator.Reservation expected = held.containsKey(target)
                            ? PoolAllocator.Reservation.HELD_BY_OTHER
                            : allocatable.contains(target)
                                    ? PoolAllocator.Reservation.RESERVED
                                    : PoolAllocator.Reservation.NOT_ALLOCATABLE;
                    assertThat(allocator.reserve(target, holder)).isEqualTo(expected);
                    if (expected == PoolAllocator.Reservation.RESERVED) {
                        held.computeIfAbsent(target, k -> new ArrayList<>()).add(holder);
                        holdings.add(Map.entry(target, holder));
                    }
                }
                case RECORD -> {
                    boolean duplicate = held.containsKey(target);
                    assertThat(allocator.record(target, holder))
                            .isEqualTo(new PoolAllocator.Recorded(duplicate, !allocatable.contains(target)));
                    held.computeIfAbsent(target, k -> new ArrayList<>()).add(holder);
                    holdings.add(Map.entry(target, holder));
                }
            }
            long used = held.values().stream().mapToLong(List::size).sum();
            long outOfRange = held.entrySet().stream()
                    .filter(e -> !allocatable.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().size())
                    .sum();
            long free = allocatable.stream().filter(a -> !held.containsKey(a)).count();
            assertThat(allocator.counters())
                    .isEqualTo(new PoolCounters(
                            BigInteger.valueOf(allocatable.size()), used, BigInteger.valueOf(free), outOfRange));
        }
    }

    @Provide
    Arbitrary<Pool> pools() {
        Arbitrary<IpFamily> family = Arbitraries.of(IpFamily.values());
        Arbitrary<Integer> windowPlacement = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> prefixChoice = Arbitraries.integers().between(0, 130);
        Arbitrary<List<int[]>> entries = entry().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<int[]>> excluded = entry().list().ofMaxSize(3);
        Arbitrary<Integer> gateway = Arbitraries.integers().between(-1, WINDOW - 1);
        Arbitrary<Boolean> allocateReserved = Arbitraries.of(true, false);
        return Combinators.combine(family, windowPlacement, prefixChoice, entries, excluded, gateway, allocateReserved)
                .as(Pool::of);
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Operation> operation = Combinators.combine(
                        Arbitraries.of(
                                Kind.ALLOCATE,
                                Kind.ALLOCATE,
                                Kind.ALLOCATE,
                                Kind.ALLOCATE_AFTER,
                                Kind.RELEASE,
                                Kind.RESERVE,
                                Kind.RECORD),
                        Arbitraries.integers().between(0, WINDOW - 1))
                .as(Operation::new);
        return operation.list().ofMaxSize(120);
    }

    /** An entry as [kind, offset, length]: kind 0 single, 1 range, 2 aligned CIDR. */
    private static Arbitrary<int[]> entry() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, WINDOW - 1),
                        Arbitraries.integers().between(0, 5))
                .as((kind, offset, size) -> new int[] {kind, offset, size});
    }

    enum Kind {
        ALLOCATE,
        /** The lowest free unit after leaving a few free units below it to others (claims created earlier). */
        ALLOCATE_AFTER,
        RELEASE,
        RESERVE,
        RECORD
    }

    record Operation(Kind kind, int offset) {}

    record Pool(
            IpFamily family,
            BigInteger window,
            int prefix,
            List<Interval> entries,
            List<String> entryTexts,
            List<Interval> excluded,
            List<String> excludedTexts,
            Optional<BigInteger> gateway,
            boolean allocateReserved) {

        static Pool of(
                IpFamily family,
                int placement,
                int prefixChoice,
                List<int[]> entrySpecs,
                List<int[]> excludedSpecs,
                int gatewayOffset,
                boolean allocateReserved) {
            BigInteger window = switch (placement) {
                case 0 -> BigInteger.ZERO;
                case 1 -> family.maxValue().subtract(BigInteger.valueOf(WINDOW - 1));
                default -> BigInteger.valueOf(WINDOW).shiftLeft(family.bits() / 2);
            };
            List<Interval> entries =
                    entrySpecs.stream().map(spec -> interval(window, spec)).toList();
            List<Interval> excluded =
                    excludedSpecs.stream().map(spec -> interval(window, spec)).toList();
            BigInteger lowest = entries.stream()
                    .map(Interval::first)
                    .min(BigInteger::compareTo)
                    .orElseThrow();
            BigInteger highest = entries.stream()
                    .map(Interval::last)
                    .max(BigInteger::compareTo)
                    .orElseThrow();
            int commonPrefix = family.bits() - lowest.xor(highest).bitLength();
            int prefix = Math.min(prefixChoice % (family.bits() + 1), commonPrefix);
            Optional<BigInteger> gateway =
                    gatewayOffset < 0 ? Optional.empty() : Optional.of(window.add(BigInteger.valueOf(gatewayOffset)));
            return new Pool(
                    family,
                    window,
                    prefix,
                    entries,
                    texts(family, entrySpecs, entries),
                    excluded,
                    texts(family, excludedSpecs, excluded),
                    gateway,
                    allocateReserved);
        }

        IpPoolDefinition definition() {
            var spec = new IpPoolSpecification(
                    entryTexts,
                    prefix,
                    gateway.map(value -> IpAddress.of(family, value).toString()).orElse(null),
                    excludedTexts,
                    allocateReserved,
                    null);
            return IpPoolDefinitionTest.valid(spec);
        }

        TreeSet<BigInteger> naiveAllocatable() {
            TreeSet<BigInteger> addresses = new TreeSet<>();
            entries.forEach(entry -> enumerate(entry, addresses));
            TreeSet<BigInteger> removed = new TreeSet<>();
            excluded.forEach(entry -> enumerate(entry, removed));
            gateway.ifPresent(removed::add);
            if (!allocateReserved) {
                Interval subnet = family.block(addresses.first(), prefix);
                removed.add(subnet.first());
                if (family == IpFamily.IPV4) {
                    removed.add(subnet.last());
                }
            }
            addresses.removeAll(removed);
            return addresses;
        }

        private static void enumerate(Interval interval, TreeSet<BigInteger> into) {
            for (BigInteger a = interval.first(); a.compareTo(interval.last()) <= 0; a = a.add(BigInteger.ONE)) {
                into.add(a);
            }
        }

        private static Interval interval(BigInteger window, int[] spec) {
            int offset = spec[1];
            if (spec[0] == 2) {
                int size = 1 << Math.min(spec[2], 5);
                int start = offset - offset % size;
                return new Interval(
                        window.add(BigInteger.valueOf(start)), window.add(BigInteger.valueOf(start + size - 1)));
            }
            int last = spec[0] == 0 ? offset : Math.min(WINDOW - 1, offset + spec[2] * 3);
            return new Interval(window.add(BigInteger.valueOf(offset)), window.add(BigInteger.valueOf(last)));
        }

        private static List<String> texts(IpFamily family, List<int[]> specs, List<Interval> intervals) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                Interval interval = intervals.get(i);
                IpAddress first = IpAddress.of(family, interval.first());
                IpAddress last = IpAddress.of(family, interval.last());
                texts.add(
                        switch (specs.get(i)[0]) {
                            case 0 -> first.toString();
                            case 1 -> first + "-" + last;
                            default ->
                                first + "/" + (family.bits() - (interval.size().bitLength() - 1));
                        });
            }
            return texts;
        }
    }
}
