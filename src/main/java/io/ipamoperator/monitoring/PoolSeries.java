package io.ipamoperator.monitoring;

import io.ipamoperator.identity.PoolId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The one owner of "which pools have series": a pool gets series from the moment its reconciler observed it
 * until it is forgotten, and never after. Recording takes the read side of one lock (recordings of all pools run
 * in parallel on the allocation path), observing and forgetting take its write side, so a release counted while
 * its pool is being forgotten cannot re-create a series of a pool that is gone.
 * Attempts against a pool that does not exist are therefore not counted per pool (their series would outlive
 * every pool that never existed).
 */
@ApplicationScoped
public class PoolSeries {

    private final Set<PoolId> live = new HashSet<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final MeterRegistry registry;

    @Inject
    public PoolSeries(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The pool exists: its meters may be registered. True the first time (or again after it was forgotten). */
    public boolean observe(PoolId pool) {
        lock.writeLock().lock();
        try {
            return live.add(pool);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs {@code record} (which registers or updates the pool's meters) only while the pool has series. */
    public void ifLive(PoolId pool, Consumer<MeterRegistry> record) {
        lock.readLock().lock();
        try {
            if (live.contains(pool)) {
                record.accept(registry);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes every meter of the pool whose name starts with {@code prefix}, keeping the pool live. */
    public void removeMeters(PoolId pool, String prefix) {
        lock.writeLock().lock();
        try {
            Tags tags = PoolTags.of(pool);
            registry.getMeters().stream()
                    .filter(meter -> meter.getId().getName().startsWith(prefix)
                            && tags.stream()
                                    .allMatch(tag ->
                                            tag.getValue().equals(meter.getId().getTag(tag.getKey()))))
                    .toList()
                    .forEach(registry::remove);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The pool is gone: every series that names it goes, and none comes back until it is observed again. */
    public void forget(PoolId pool) {
        lock.writeLock().lock();
        try {
            live.remove(pool);
            removeMeters(pool, "ipam.");
        } finally {
            lock.writeLock().unlock();
        }
    }
}
