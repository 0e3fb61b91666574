/**
 * The allocation core: IP address parsing, address sets, pool definitions and the allocator, in plain Java with
 * no Kubernetes types.
 *
 * <ul>
 *   <li>{@link io.ipamoperator.allocation.IpAddress} and {@link io.ipamoperator.allocation.AddressRange}: parsed,
 *       canonical values of one {@link io.ipamoperator.allocation.IpFamily}.</li>
 *   <li>{@link io.ipamoperator.allocation.IntervalSet}: an immutable set of numbers stored as merged intervals, so an
 *       IPv6 /64 costs what a /24 costs.</li>
 *   <li>{@link io.ipamoperator.allocation.IpPoolDefinition} and
 *       {@link io.ipamoperator.allocation.PrefixPoolDefinition}: a pool spec validated (with the in-cluster
 *       provider's error messages) and turned into the set of allocatable units.</li>
 *   <li>{@link io.ipamoperator.allocation.PoolAllocator}: the free intervals and holders of one pool; lowest-free
 *       allocation, specific reservation and release in O(log n). Each allocator serialises the decisions for its
 *       pool; allocators of different pools share nothing, so different pools proceed in parallel (the operator
 *       keeps one per pool in {@code io.ipamoperator.index.AddressIndex}).</li>
 * </ul>
 */
package io.ipamoperator.allocation;
