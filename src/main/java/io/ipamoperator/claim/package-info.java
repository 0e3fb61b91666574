/**
 * Claims: the CAPI {@code IPAddressClaim} → {@code IPAddress} contract.
 *
 * <p>{@link io.ipamoperator.claim.ClaimLifecycle} tells the story of one claim, whatever the contract version;
 * {@link io.ipamoperator.claim.V1Beta2ClaimReconciler} and {@link io.ipamoperator.claim.V1Beta1ClaimReconciler}
 * adapt it to the two served shapes, and {@link io.ipamoperator.claim.ClaimControllers} registers the one the
 * cluster serves (v1beta2 preferred), so the operator works next to CAPI v1.10 and v1.11+.
 */
package io.ipamoperator.claim;
