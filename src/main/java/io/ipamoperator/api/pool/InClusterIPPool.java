package io.ipamoperator.api.pool;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ipamoperator.api.capi.CapiNames;

/** A namespaced pool of IP addresses; claims in the same namespace may reference it. */
@Group(CapiNames.IPAM_GROUP)
@Version(IPPools.VERSION)
@Categories("cluster-api")
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
        "InClusterIPPool is a namespaced pool of IP addresses (IPv4 or IPv6). IPAddressClaims in the same namespace reference it by name; the operator allocates the lowest free address and writes it as an IPAddress.")
public class InClusterIPPool extends CustomResource<IPPoolSpec, PoolStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription(
            "The addresses this pool hands out to IPAddressClaims of its namespace, and what every allocated IPAddress gets (prefix, gateway).")
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
