package io.ipamoperator.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
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

import io.ipamoperator.allocation.IntervalSet;
import io.ipamoperator.allocation.Interval;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.PoolAllocator;

/**
 * A faithful model of the in-cluster provider's allocation, per claim: take every IPAddress of the pool from the
 * cache (a copy of each address string), parse each, build the in-use set from all of them (sort and merge),
 * build the pool's set from its spec, then walk the allocatable ranges from the lowest address until one is not
 * in use. Same pool and same dense in-use block as {@link AllocatorBenchmark}, so the two are comparable.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ReferenceMethodBenchmark {

    @Param({"1000", "10000", "100000"})
    public int inUse;

    @Param({"IPv4", "IPv6"})
    public String family;

    private List<String> cachedAddresses;

    @Setup(Level.Trial)
    public void fill() {
        PoolAllocator allocator = new PoolAllocator(AllocatorBenchmark.pool(family).allocatable());
        cachedAddresses = new ArrayList<>(inUse);
        for (int i = 0; i < inUse; i++) {
            BigInteger address = allocator.allocateLowest("holder-" + i).orElseThrow();
            cachedAddresses.add(IpAddress.of(family.equals("IPv4") ? io.ipamoperator.allocation.IpFamily.IPV4
                    : io.ipamoperator.allocation.IpFamily.IPV6, address).toString());
        }
    }

    @Benchmark
    public BigInteger lowestFreeTheReferenceWay() {
        List<String> listed = new ArrayList<>(cachedAddresses.size());
        for (String address : cachedAddresses) {
            listed.add(new String(address)); // the informer cache hands out deep copies
        }
        List<Interval> used = new ArrayList<>(listed.size());
        for (String address : listed) {
            used.add(Interval.single(IpAddress.of(address).value()));
        }
        IntervalSet inUseSet = IntervalSet.of(used);
        IpPoolDefinition pool = AllocatorBenchmark.pool(family);
        for (Interval range : pool.allocatable().intervals()) {
            for (BigInteger candidate = range.first(); candidate.compareTo(range.last()) <= 0;
                    candidate = candidate.add(BigInteger.ONE)) {
                if (!inUseSet.contains(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("pool exhausted");
    }
}
