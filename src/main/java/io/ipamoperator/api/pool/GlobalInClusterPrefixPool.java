package io.ipamoperator.api.pool;

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
public class GlobalInClusterPrefixPool extends CustomResource<PrefixPoolSpec, PoolStatus> {}
