/**
 * Our own API: the four pool kinds of group {@code ipam.cluster.x-k8s.io}, served as v1alpha2 (storage).
 *
 * <p>Field names, defaults, constraints and printer columns match the in-cluster IPAM provider so that existing
 * manifests apply unchanged. The namespaced and the cluster-scoped kind of each family share one spec and one
 * status class; only the scope differs. These are wire types (plain mutable Jackson objects); the allocation
 * logic never sees them, it works on {@code io.ipamoperator.allocation} values.
 */
package io.ipamoperator.api.pool;
