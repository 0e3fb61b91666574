package io.ipamoperator.machine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The machine controller caches whole the claims IonosCloudMachines control, and of any other claim its name. */
class MachineClaimCacheTest {

    private final MachineClaimCache cache = new MachineClaimCache();

    @Test
    void aClaimAnIonosCloudMachineControlsIsKeptWithoutManagedFields() {
        cache.put("ns/m1-nic0-ipv4", claim("m1-nic0-ipv4", machineController()));

        GenericKubernetesResource kept = cache.get("ns/m1-nic0-ipv4");
        assertThat(kept).isNotNull();
        assertThat(kept.getMetadata().getManagedFields()).isNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void ofAClaimOfAnotherConsumerOnlyItsNameIsKept() {
        OwnerReference capiMachine = new OwnerReferenceBuilder()
                .withApiVersion("cluster.x-k8s.io/v1beta2")
                .withKind("Machine")
                .withName("m1")
                .withUid("uid-m1")
                .withController(true)
                .build();
        OwnerReference notController =
                machineController().toBuilder().withController(false).build();

        for (GenericKubernetesResource claim :
                List.of(claim("a"), claim("b", capiMachine), claim("c", notController))) {
            cache.put("ns/" + claim.getMetadata().getName(), claim);

            GenericKubernetesResource kept =
                    cache.get("ns/" + claim.getMetadata().getName());
            assertThat(kept.getMetadata().getName())
                    .isEqualTo(claim.getMetadata().getName());
            assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("1");
            assertThat(kept.getMetadata().getOwnerReferences()).isEmpty();
            assertThat(kept.getAdditionalProperties()).doesNotContainKey("spec");
            assertThat(MachineClaims.state(kept).ownerUid()).isNull(); // a name collision for a machine
        }
    }

    @Test
    void aClaimThatNoLongerHasAMachineControllerIsKeptByNameOnly() {
        cache.put("ns/x", claim("x", machineController()));

        GenericKubernetesResource previous = cache.put("ns/x", claim("x"));

        assertThat(previous.getMetadata().getOwnerReferences()).hasSize(1);
        assertThat(cache.get("ns/x").getMetadata().getOwnerReferences()).isEmpty();
    }

    private static OwnerReference machineController() {
        return new OwnerReferenceBuilder()
                .withApiVersion("infrastructure.cluster.x-k8s.io/v1alpha1")
                .withKind("IonosCloudMachine")
                .withName("m1")
                .withUid("uid-m1")
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    private static GenericKubernetesResource claim(String name, OwnerReference... owners) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("ipam.cluster.x-k8s.io/v1beta2")
                .withKind("IPAddressClaim")
                .withNewMetadata()
                .withNamespace("ns")
                .withName(name)
                .withResourceVersion("1")
                .withOwnerReferences(owners)
                .withManagedFields(List.of(new ManagedFieldsEntry()))
                .endMetadata()
                .withAdditionalProperties(Map.of(
                        "spec",
                        Map.of(
                                "poolRef",
                                Map.of("apiGroup", "ipam.cluster.x-k8s.io", "kind", "InClusterIPPool", "name", "p"))))
                .build();
    }
}
