package io.ipamoperator.allocation;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every pool's {@link PoolAllocator}, keyed by the caller's pool identity.
 *
 * <p>Concurrency rule: the map is concurrent, and each allocator serialises the decisions for its own pool, so
 * reconciler threads allocating from different pools never wait for each other, and threads allocating from the
 * same pool take turns. A caller that must make several decisions atomically (look up, then allocate) holds the
 * allocator's monitor: {@code synchronized (allocator) { ... }}.
 */
public final class AllocationIndex<K> {

    private final Map<K, PoolAllocator> allocators = new ConcurrentHashMap<>();

    /** Creates the pool's allocator, or gives an existing one the new allocatable set. */
    public PoolAllocator define(K pool, IntervalSet allocatable) {
        return allocators.compute(pool, (key, existing) -> {
            if (existing == null) {
                return new PoolAllocator(allocatable);
            }
            existing.redefine(allocatable);
            return existing;
        });
    }

    public Optional<PoolAllocator> allocator(K pool) {
        return Optional.ofNullable(allocators.get(pool));
    }

    public void remove(K pool) {
        allocators.remove(pool);
    }

    public int size() {
        return allocators.size();
    }
}
