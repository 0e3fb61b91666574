/**
 * {@code IonosCloudMachine} ({@code infrastructure.cluster.x-k8s.io/v1alpha1}), owned by the IONOS Cloud
 * infrastructure provider. Every field of the provider's CRD is modelled (names, defaults, enums and CEL rules as
 * the provider defines them) so that the generated CRD can stand in for the provider's in tests and in the local
 * run; this operator only reads the pool references and writes {@code status.machineNetworkInfo} and its
 * condition.
 */
package io.ipamoperator.api.ionos;
