/**
 * The deprecated v1alpha1 shape of the two IP pool kinds, still served (objects stored by the in-cluster provider
 * and manifests written for it are read and written in it) and converted to and from v1alpha2 by the conversion
 * webhook. Nothing in the operator works on these types except the conversion.
 */
package io.ipamoperator.api.pool.v1alpha1;
