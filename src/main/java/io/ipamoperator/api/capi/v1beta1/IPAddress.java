package io.ipamoperator.api.capi.v1beta1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ipamoperator.api.capi.CapiNames;

/** CAPI {@code IPAddress}, v1beta1 shape. */
@Group(CapiNames.IPAM_GROUP)
@Version(value = "v1beta1", storage = false)
@Categories("cluster-api")
@AdditionalPrinterColumn(name = "Address", jsonPath = ".spec.address", type = AdditionalPrinterColumn.Type.STRING)
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
public class IPAddress extends CustomResource<IPAddressSpec, Void> implements Namespaced {}
