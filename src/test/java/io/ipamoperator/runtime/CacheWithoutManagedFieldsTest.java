package io.ipamoperator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import org.junit.jupiter.api.Test;

class CacheWithoutManagedFieldsTest {

    @Test
    void anObjectIsCachedWithoutItsManagedFieldsAndWithEverythingElse() {
        CacheWithoutManagedFields<GenericKubernetesResource> cache = new CacheWithoutManagedFields<>();
        GenericKubernetesResource address = new GenericKubernetesResourceBuilder()
                .withApiVersion("ipam.cluster.x-k8s.io/v1beta2")
                .withKind("IPAddress")
                .withNewMetadata()
                .withNamespace("ns")
                .withName("node")
                .withResourceVersion("42")
                .addToFinalizers("ipam.cluster.x-k8s.io/ProtectAddress")
                .withManagedFields(new ManagedFieldsEntryBuilder()
                        .withManager("ipam-operator")
                        .withOperation("Update")
                        .build())
                .endMetadata()
                .build();

        cache.put(cache.getKey(address), address);

        GenericKubernetesResource cached = cache.get("ns/node");
        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(cached.getMetadata().getFinalizers()).containsExactly("ipam.cluster.x-k8s.io/ProtectAddress");
    }
}
