package io.ipamoperator.api.ionos;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A machine of the IONOS Cloud infrastructure provider. */
@Group("infrastructure.cluster.x-k8s.io")
@Version("v1alpha1")
@ShortNames("icm")
@Categories({"cluster-api", "ionoscloud"})
@AdditionalPrinterColumn(
        name = "Cluster",
        jsonPath = ".metadata.labels['cluster\\.x-k8s\\.io/cluster-name']",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.ready",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Machine is ready")
@AdditionalPrinterColumn(
        name = "IPv4 Addresses",
        jsonPath = ".status.machineNetworkInfo.nicInfo[*].ipv4Addresses",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Machine Connected Networks",
        jsonPath = ".status.machineNetworkInfo.nicInfo[*].networkID",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "IPv6 Addresses",
        jsonPath = ".status.machineNetworkInfo.nicInfo[*].ipv6Addresses",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
public class IonosCloudMachine extends CustomResource<IonosCloudMachineSpec, IonosCloudMachineStatus>
        implements Namespaced {

    public static final String FINALIZER = "ionoscloudmachine.infrastructure.cluster.x-k8s.io";
}
