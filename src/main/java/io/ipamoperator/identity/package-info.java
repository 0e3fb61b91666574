/**
 * Identity of what the operator manages, below everything that uses it: a pool's kind and name
 * ({@link io.ipamoperator.identity.PoolId}, {@link io.ipamoperator.identity.PoolKind}), the IPAM contract version
 * and the Cluster API version the cluster serves.
 */
package io.ipamoperator.identity;
