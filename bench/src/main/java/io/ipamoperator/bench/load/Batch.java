package io.ipamoperator.bench.load;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One operation applied to every item by a fixed number of client threads, as a user's tool would (a loop per
 * worker, no pacing), with each item's start and end time noted.
 */
record Batch<T>(List<T> items, long startNanos, long endNanos, long[] itemStart, long[] itemEnd) {

    static <T> Batch<T> run(List<T> items, int concurrency, Consumer<T> operation) {
        long[] starts = new long[items.size()];
        long[] ends = new long[items.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                        starts[i] = System.nanoTime();
                        operation.accept(items.get(i));
                        ends[i] = System.nanoTime();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a client operation failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            workers.shutdownNow();
        }
        return new Batch<>(items, start, System.nanoTime(), starts, ends);
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }
}
