package io.ipamoperator.identity;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The identity of one pool: its kind, its namespace (null for global pools) and its name. A namespaced pool is
 * found from the namespace of the claim or address that references it.
 */
public record PoolId(PoolKind kind, String namespace, String name) {

    public PoolId {
        namespace = kind.namespaced() ? namespace : null;
    }

    public static PoolId of(HasMetadata pool) {
        return new PoolId(
                PoolKind.of(pool.getClass()),
                pool.getMetadata().getNamespace(),
                pool.getMetadata().getName());
    }

    /** The pool a reference names, seen from an object in {@code referrerNamespace}. */
    public static PoolId referenced(PoolKind kind, String referrerNamespace, String name) {
        return new PoolId(kind, referrerNamespace, name);
    }

    @Override
    public String toString() {
        return kind.kind() + " " + (namespace == null ? name : namespace + "/" + name);
    }
}
