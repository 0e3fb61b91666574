package io.ipamoperator.monitoring;

import io.ipamoperator.identity.PoolId;
import io.micrometer.core.instrument.Tags;

/** The labels that name a pool on every per-pool metric: {@code pool}, {@code namespace} (empty for a global pool), {@code kind}. */
final class PoolTags {

    static final String POOL = "pool";
    static final String NAMESPACE = "namespace";
    static final String KIND = "kind";

    private PoolTags() {}

    static Tags of(PoolId pool) {
        return Tags.of(
                POOL,
                pool.name(),
                NAMESPACE,
                pool.namespace() == null ? "" : pool.namespace(),
                KIND,
                pool.kind().kind());
    }
}
