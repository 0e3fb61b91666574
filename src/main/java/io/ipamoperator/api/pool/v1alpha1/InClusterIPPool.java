package io.ipamoperator.api.pool.v1alpha1;

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
public class InClusterIPPool extends CustomResource<IPPoolSpec, PoolStatus> implements Namespaced {}
