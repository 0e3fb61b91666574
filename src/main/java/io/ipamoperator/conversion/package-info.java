/**
 * The CRD conversion webhook ({@code /convert}) of the two IP pool kinds: v1alpha1 (deprecated, served) and
 * v1alpha2 (storage), with the round-trip annotation that gives a v1alpha1 client back what it wrote and keeps the
 * fields only v1alpha2 has across a v1alpha1 update.
 */
package io.ipamoperator.conversion;
