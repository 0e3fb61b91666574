package io.ipamoperator.claim;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.PoolReference;
import io.ipamoperator.api.capi.v1beta1.IPAddress;
import io.ipamoperator.api.capi.v1beta1.IPAddressClaim;
import io.ipamoperator.api.capi.v1beta1.IPAddressClaimSpec;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.localrun.LocalControlPlane;
import io.ipamoperator.localrun.Manifests;
import io.ipamoperator.testing.OperatorProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Next to CAPI v1.10, which serves the IPAM contract only as v1beta1: a control plane of its own whose
 * IPAddressClaim/IPAddress CRDs have no v1beta2, and the packaged operator against it.
 */
class V1Beta1ContractIT {

    private static LocalControlPlane controlPlane;
    private static KubernetesClient client;
    private static OperatorProcess operator;

    @BeforeAll
    static void capiV110Cluster() throws IOException {
        Path project = Path.of("").toAbsolutePath();
        controlPlane = LocalControlPlane.start(
                project,
                project.resolve("target/control-plane-v1beta1-"
                        + ProcessHandle.current().pid()));
        client = new KubernetesClientBuilder()
                .withConfig(controlPlane.clientConfig())
                .build();
        Manifests manifests = new Manifests(client);
        manifests.applyDirectory(project.resolve("kubernetes/crds"));
        manifests.applyFile(project.resolve("kubernetes/dependencies/clusters.cluster.x-k8s.io-v1.yml"));
        for (String crd : List.of("ipaddressclaims", "ipaddresses")) {
            manifests.applyFile(
                    v1beta1Only(project.resolve("kubernetes/dependencies/" + crd + ".ipam.cluster.x-k8s.io-v1.yml")));
        }
        manifests.awaitCrdsSettled();
        operator = OperatorProcess.startReady("v1beta1", controlPlane.kubeconfig(), Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (client != null) {
            client.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void v1beta1ClaimIsBoundWithV1beta1StatusAndIPAddress() {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName("pool")
                .withNamespace("default")
                .build());
        pool.setSpec(new IPPoolSpec(List.of("10.30.0.10-10.30.0.20"), 24, "10.30.0.1"));
        client.resource(pool).create();
        IPAddressClaim claim = new IPAddressClaim();
        claim.setMetadata(new ObjectMetaBuilder()
                .withName("node")
                .withNamespace("default")
                .build());
        claim.setSpec(new IPAddressClaimSpec());
        claim.getSpec().poolRef = new PoolReference(CapiNames.IPAM_GROUP, "InClusterIPPool", "pool");
        client.resource(claim).create();

        await().atMost(scaled(Duration.ofSeconds(60))).untilAsserted(() -> {
            IPAddressClaim bound = client.resources(IPAddressClaim.class)
                    .inNamespace("default")
                    .withName("node")
                    .get();
            assertThat(bound.getStatus()).isNotNull();
            assertThat(bound.getStatus().addressRef).isNotNull();
            assertThat(bound.getStatus().addressRef.name).isEqualTo("node");
            assertThat(bound.getStatus().conditions).singleElement().satisfies(ready -> {
                assertThat(ready.type).isEqualTo("Ready");
                assertThat(ready.status).isEqualTo("True");
            });
            assertThat(bound.getStatus().v1beta2.conditions)
                    .singleElement()
                    .satisfies(ready -> assertThat(ready.getStatus()).isEqualTo("True"));
        });
        IPAddress address = client.resources(IPAddress.class)
                .inNamespace("default")
                .withName("node")
                .get();
        assertThat(address.getSpec().address).isEqualTo("10.30.0.10");
        assertThat(address.getSpec().gateway).isEqualTo("10.30.0.1");
        assertThat(address.getMetadata().getOwnerReferences())
                .anySatisfy(owner -> assertThat(owner.getApiVersion()).isEqualTo("ipam.cluster.x-k8s.io/v1beta1"));
    }

    @Test
    void v1beta1ClaimWithARequestedAddressGetsExactlyIt() {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName("requests")
                .withNamespace("default")
                .build());
        pool.setSpec(new IPPoolSpec(List.of("10.31.0.10-10.31.0.20"), 24, null));
        client.resource(pool).create();
        IPAddressClaim claim = new IPAddressClaim();
        claim.setMetadata(new ObjectMetaBuilder()
                .withName("pinned")
                .withNamespace("default")
                .withAnnotations(Map.of(CapiNames.REQUESTED_ADDRESS_ANNOTATION, "10.31.0.17"))
                .build());
        claim.setSpec(new IPAddressClaimSpec());
        claim.getSpec().poolRef = new PoolReference(CapiNames.IPAM_GROUP, "InClusterIPPool", "requests");
        client.resource(claim).create();

        await().atMost(scaled(Duration.ofSeconds(60))).untilAsserted(() -> {
            IPAddress address = client.resources(IPAddress.class)
                    .inNamespace("default")
                    .withName("pinned")
                    .get();
            assertThat(address).isNotNull();
            assertThat(address.getSpec().address).isEqualTo("10.31.0.17");
        });
    }

    /** The CRD as CAPI v1.10 serves it: only v1beta1, which is the storage version. */
    private static Path v1beta1Only(Path crdFile) throws IOException {
        CustomResourceDefinition crd =
                Serialization.unmarshal(Files.readString(crdFile), CustomResourceDefinition.class);
        crd.getSpec()
                .setVersions(crd.getSpec().getVersions().stream()
                        .filter(version -> version.getName().equals("v1beta1"))
                        .toList());
        crd.getSpec().getVersions().get(0).setStorage(true);
        Path out = Files.createTempFile("v1beta1-", ".yml");
        Files.writeString(out, Serialization.asYaml(crd));
        return out;
    }
}
