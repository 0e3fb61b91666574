package io.ipamoperator.bench;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.IpPoolSpecification;
import io.ipamoperator.allocation.PoolAllocator;

/**
 * Our allocator with {@code inUse} addresses held (allocated lowest-first, so the used block is dense from the
 * bottom of the pool, the reference's worst case). Each operation leaves the state as it found it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AllocatorBenchmark {

    @Param({"1000", "10000", "100000", "1000000"})
    public int inUse;

    @Param({"IPv4", "IPv6"})
    public String family;

    /** Holder names, built once so the measured operations do not build strings. */
    private static final String[] HOLDERS = java.util.stream.IntStream.range(0, 1024)
            .mapToObj(i -> "holder-" + i).toArray(String[]::new);

    private PoolAllocator allocator;
    private BigInteger lowest;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void fill() {
        allocator = new PoolAllocator(pool(family).allocatable());
        lowest = allocator.allocateLowest(HOLDERS[0]).orElseThrow();
        for (int i = 1; i < inUse; i++) {
            allocator.allocateLowest(HOLDERS[i % HOLDERS.length]);
        }
    }

    /** Take the lowest free address, then give it back. */
    @Benchmark
    public BigInteger allocateLowestThenRelease() {
        BigInteger address = allocator.allocateLowest("bench").orElseThrow();
        allocator.release(address, "bench");
        return address;
    }

    /** Release a random held address (it becomes the lowest free one), then allocate lowest: gets it back. */
    @Benchmark
    public BigInteger releaseThenAllocateLowest() {
        int index = random.nextInt(inUse);
        BigInteger victim = lowest.add(BigInteger.valueOf(index));
        String holder = HOLDERS[index % HOLDERS.length];
        allocator.release(victim, holder);
        return allocator.allocateLowest(holder).orElseThrow();
    }

    /** Reserve a specific free address above the used block, then release it. */
    @Benchmark
    public PoolAllocator.Reservation reserveSpecificThenRelease() {
        BigInteger freeTarget = lowest.add(BigInteger.valueOf(inUse + 1000L + random.nextInt(1_000_000)));
        PoolAllocator.Reservation reservation = allocator.reserve(freeTarget, "bench");
        allocator.release(freeTarget, "bench");
        return reservation;
    }

    static IpPoolDefinition pool(String family) {
        IpPoolSpecification spec = family.equals("IPv4")
                ? IpPoolSpecification.of(List.of("10.0.0.0/8"), 8, "10.0.0.1")
                : IpPoolSpecification.of(List.of("fd00::/64"), 64, "fd00::1");
        return IpPoolDefinition.validate(spec).definition().orElseThrow();
    }
}
