/**
 * Cluster API types this operator consumes but does not own: the IPAM contract ({@code IPAddressClaim},
 * {@code IPAddress}, group {@code ipam.cluster.x-k8s.io}) in both served shapes, v1beta1 (CAPI up to v1.10) and
 * v1beta2 (CAPI v1.11 and later), and the parts of {@code Cluster} the paused check needs.
 *
 * <p>In a real management cluster CAPI installs these CRDs. The CRDs generated from these classes exist only so
 * that tests and the local run can install them; they are published under {@code kubernetes/dependencies/} and
 * never installed by default in production.
 */
package io.ipamoperator.api.capi;
