/**
 * Claims: the CAPI {@code IPAddressClaim} → {@code IPAddress} contract.
 *
 * <p>The story of one claim, whatever the contract version: {@link io.ipamoperator.claim.ClaimDecider} decides
 * (pure: {@link io.ipamoperator.claim.ClaimFacts} in, a {@link io.ipamoperator.claim.ClaimStep} out) and
 * {@link io.ipamoperator.claim.ClaimLifecycle} applies the step — allocation in the index, the IPAddress write,
 * Events, and {@link io.ipamoperator.claim.AllocationEvent}s for whoever observes. The reconcilers
 * {@link io.ipamoperator.claim.V1Beta2ClaimReconciler} and {@link io.ipamoperator.claim.V1Beta1ClaimReconciler}
 * adapt it to the two served shapes, and {@link io.ipamoperator.claim.ClaimControllers} registers the one the
 * cluster serves (v1beta2 preferred), so the operator works next to CAPI v1.10 and v1.11+.
 */
package io.ipamoperator.claim;
