package io.ipamoperator.machine;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ipamoperator.api.capi.PoolReference;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.api.ionos.IonosCloudMachineSpec;
import io.ipamoperator.api.ionos.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class MachineFixtures {

    private MachineFixtures() {}

    static IonosCloudMachine machine(String namespace, String name) {
        IonosCloudMachine machine = new IonosCloudMachine();
        machine.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of("cluster.x-k8s.io/cluster-name", "example"))
                .build());
        IonosCloudMachineSpec spec = new IonosCloudMachineSpec();
        spec.datacenterID = "2d8c3a3e-1c8d-4f6e-9a51-0f6a2c1b7e44";
        spec.disk = new IonosCloudMachineSpec.Volume();
        spec.disk.image = new IonosCloudMachineSpec.ImageSpec();
        spec.disk.image.id = "3e1c2a5b-6d7f-4a8b-9c0d-1e2f3a4b5c6d";
        spec.additionalNetworks = new ArrayList<>();
        machine.setSpec(spec);
        return machine;
    }

    static PoolReference ipPool(String name) {
        return new PoolReference("ipam.cluster.x-k8s.io", "InClusterIPPool", name);
    }

    static PoolReference globalPool(String name) {
        return new PoolReference("ipam.cluster.x-k8s.io", "GlobalInClusterIPPool", name);
    }

    static Network network(int id, PoolReference v4, PoolReference v6) {
        Network network = new Network(id);
        network.ipv4PoolRef = v4;
        network.ipv6PoolRef = v6;
        return network;
    }

    static List<Network> networks(Network... networks) {
        return new ArrayList<>(List.of(networks));
    }
}
