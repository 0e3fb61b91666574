package io.ipamoperator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PoolAllocatorConcurrencyTest {

    private static final int THREADS = 16;

    @Test
    void manyThreadsOnOnePoolNeverGetTheSameAddressAndCountersAddUp() throws Exception {
        PoolAllocator allocator = new PoolAllocator(
                IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("10.0.0.0/18"), 18, "10.0.0.1"))
                        .allocatable());
        Set<BigInteger> held = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);

        List<Future<Integer>> duplicates = runOnThreads(start, thread -> {
            int clashes = 0;
            List<String> mine = new ArrayList<>();
            List<BigInteger> mineAddresses = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String holder = "t" + thread + "-" + i;
                Optional<BigInteger> address = allocator.allocateLowest(holder);
                if (address.isPresent()) {
                    if (!held.add(address.get())) {
                        clashes++;
                    }
                    mine.add(holder);
                    mineAddresses.add(address.get());
                }
                if (i % 3 == 0 && !mine.isEmpty()) {
                    int last = mine.size() - 1;
                    BigInteger released = mineAddresses.remove(last);
                    held.remove(released); // before the allocator may hand it out again
                    assertThat(allocator.release(released, mine.remove(last))).isTrue();
                }
            }
            return clashes;
        });
        start.countDown();

        int clashes = 0;
        for (Future<Integer> result : duplicates) {
            clashes += result.get();
        }
        assertThat(clashes).isZero();
        assertThat(allocator.duplicates()).isEmpty();
        PoolCounters counters = allocator.counters();
        assertThat(counters.used()).isEqualTo(held.size());
        assertThat(counters.free()).isEqualTo(counters.total().subtract(BigInteger.valueOf(held.size())));
        assertThat(allocator.freeUnits().size()).isEqualTo(counters.free());
        held.forEach(address -> assertThat(allocator.isInUse(address)).isTrue());
    }

    @Test
    void differentPoolsAllocateInParallelIndependently() throws Exception {
        List<PoolAllocator> pools = new ArrayList<>();
        for (int pool = 0; pool < THREADS; pool++) {
            pools.add(new PoolAllocator(
                    IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("10.0.0.10-10.0.4.9"), 16, null))
                            .allocatable()));
        }
        CountDownLatch start = new CountDownLatch(1);

        List<Future<Integer>> allocated = runOnThreads(start, thread -> {
            PoolAllocator allocator = pools.get(thread);
            int count = 0;
            while (allocator.allocateLowest("c" + count).isPresent()) {
                count++;
            }
            return count;
        });
        start.countDown();

        for (Future<Integer> result : allocated) {
            assertThat(result.get()).isEqualTo(1024);
        }
    }

    private interface ThreadBody {
        int run(int thread) throws Exception;
    }

    private static List<Future<Integer>> runOnThreads(CountDownLatch start, ThreadBody body) {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> results = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            int number = thread;
            results.add(executor.submit(() -> {
                start.await();
                return body.run(number);
            }));
        }
        executor.shutdown();
        return results;
    }
}
