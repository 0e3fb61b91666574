/**
 * Admission of pools: the validating and defaulting webhooks of the four pool kinds. {@link
 * io.ipamoperator.admission.PoolAdmission} decides from plain facts (the allocation core's validation, what the
 * index says is in use); {@link io.ipamoperator.admission.PoolWebhooks} reads the review, asks the index and
 * writes the answer.
 */
package io.ipamoperator.admission;
