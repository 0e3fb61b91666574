/**
 * The in-process allocation index: every IPAddress of our pools, as its informer reports them, and one allocator
 * per pool ({@link io.ipamoperator.index.AddressIndex}). Built once, when this replica starts deciding
 * ({@link io.ipamoperator.index.IndexBuild}); reconcilers wait for it and never start a cache themselves. Also the
 * Cluster event source the claim and machine controllers share. Depends only on the allocation core, the wire and
 * identity types and leadership; the reconcilers build on it.
 */
package io.ipamoperator.index;
