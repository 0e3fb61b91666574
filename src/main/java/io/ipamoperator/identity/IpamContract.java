package io.ipamoperator.identity;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.CapiNames;

/**
 * The Cluster API IPAM contract version the cluster serves: v1beta2 (CAPI v1.11+) when served, else v1beta1
 * (CAPI up to v1.10). Chosen once at start by discovery.
 */
public enum IpamContract {
    V1BETA2("v1beta2"),
    V1BETA1("v1beta1");

    private final String version;

    IpamContract(String version) {
        this.version = version;
    }

    /** Asks the API server; fails with a clear message when neither version serves IPAddresses. */
    public static IpamContract discover(KubernetesClient client) {
        for (IpamContract contract : values()) {
            if (serves(client, contract)) {
                return contract;
            }
        }
        throw new IllegalStateException(
                "The cluster serves no IPAddress/IPAddressClaim API (group " + CapiNames.IPAM_GROUP
                        + ", v1beta2 or v1beta1). Install Cluster API (or kubernetes/dependencies for a test cluster).");
    }

    private static boolean serves(KubernetesClient client, IpamContract contract) {
        APIResourceList resources = client.getApiResources(contract.apiVersion());
        return resources != null
                && resources.getResources().stream()
                        .anyMatch(resource -> resource.getName().equals("ipaddresses"))
                && resources.getResources().stream()
                        .anyMatch(resource -> resource.getName().equals("ipaddressclaims"));
    }

    public String version() {
        return version;
    }

    public String apiVersion() {
        return CapiNames.IPAM_GROUP + "/" + version;
    }
}
