/**
 * Leader election over a Lease (production profile): this replica's role, the Lease's namespace, and a clean
 * hand-over on shutdown ({@link io.ipamoperator.leadership.LeaseRelease}).
 */
package io.ipamoperator.leadership;
