package io.ipamoperator.api.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.PoolStatus;

/** A namespaced pool of IP addresses (deprecated v1alpha1 shape; use v1alpha2). */
@Group(CapiNames.IPAM_GROUP)
@Version(
        value = IPPoolV1Alpha1.VERSION,
        storage = false,
        deprecated = true,
        deprecationWarning = IPPoolV1Alpha1.DEPRECATION_WARNING)
@Categories("cluster-api")
@AdditionalPrinterColumn(name = "Subnet", jsonPath = ".spec.subnet", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "First", jsonPath = ".spec.start", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Last", jsonPath = ".spec.end", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Addresses", jsonPath = ".spec.addresses", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Total",
        jsonPath = ".status.ipAddresses.total",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Free",
        jsonPath = ".status.ipAddresses.free",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Used",
        jsonPath = ".status.ipAddresses.used",
        type = AdditionalPrinterColumn.Type.INTEGER)
@JsonClassDescription(
        "InClusterIPPool (v1alpha1, deprecated: use v1alpha2) is a namespaced pool of IP addresses given as a subnet, a start/end range or a list. Stored as v1alpha2 and converted on the fly.")
public class InClusterIPPool extends CustomResource<IPPoolSpec, PoolStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription(
            "The addresses this pool hands out (subnet, start/end, addresses) and what every allocated IPAddress gets (prefix, gateway).")
    public IPPoolSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription(
            "What the operator observed: address counters and conditions (Ready, Overlapping, DuplicateAddresses).")
    public PoolStatus getStatus() {
        return super.getStatus();
    }
}
