package io.ipamoperator.api.capi.v1beta1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ipamoperator.api.capi.CapiNames;

/** CAPI {@code IPAddressClaim}, v1beta1 shape (CAPI up to v1.10, e.g. next to the IONOS provider today). */
@Group(CapiNames.IPAM_GROUP)
@Version(value = "v1beta1", storage = false)
@Categories("cluster-api")
@AdditionalPrinterColumn(
        name = "Pool Name",
        jsonPath = ".spec.poolRef.name",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Pool Kind",
        jsonPath = ".spec.poolRef.kind",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class IPAddressClaim extends CustomResource<IPAddressClaimSpec, IPAddressClaimStatus> implements Namespaced {}
