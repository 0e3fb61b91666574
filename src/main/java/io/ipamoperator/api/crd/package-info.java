/** Build-time additions to the generated CRDs (descriptions the generator cannot produce); never packaged. */
package io.ipamoperator.api.crd;
