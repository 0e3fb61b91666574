package io.ipamoperator.api.pool;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ipamoperator.api.capi.CapiNames;

/** A cluster-scoped pool of IPv6 sub-prefixes. */
@Group(CapiNames.IPAM_GROUP)
@Version(IPPools.VERSION)
@Categories("cluster-api")
@AdditionalPrinterColumn(name = "Prefixes", jsonPath = ".spec.prefixes", type = AdditionalPrinterColumn.Type.STRING)
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
        "GlobalInClusterPrefixPool is a cluster-scoped pool of IPv6 prefixes, split into sub-prefixes of allocationPrefixLength. IPAddressClaims in any namespace reference it by name.")
public class GlobalInClusterPrefixPool extends CustomResource<PrefixPoolSpec, PoolStatus> {

    @Override
    @JsonPropertyDescription(
            "The IPv6 aggregates this cluster-wide pool carves sub-prefixes from for IPAddressClaims of any namespace.")
    public PrefixPoolSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription(
            "What the operator observed: address counters and conditions (Ready, Overlapping, DuplicateAddresses).")
    public PoolStatus getStatus() {
        return super.getStatus();
    }
}
