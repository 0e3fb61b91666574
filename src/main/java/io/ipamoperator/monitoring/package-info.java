/**
 * Prometheus metrics, on top of everything: per pool (read from the index at scrape time), allocation counters and
 * latencies (observed from the claim layer's {@link io.ipamoperator.claim.AllocationEvent}s) and the replica's own
 * state. A pool has series exactly while it exists ({@link io.ipamoperator.monitoring.PoolSeries}). Nothing imports
 * this package.
 */
package io.ipamoperator.monitoring;
