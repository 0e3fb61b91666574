package io.ipamoperator.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.InClusterPrefixPool;
import io.ipamoperator.api.pool.PrefixPoolSpec;
import io.ipamoperator.testing.TestControlPlane;
import io.ipamoperator.testing.TestNamespaces;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the pool CRDs themselves enforce on the real API server, webhook or not: the default and immutability of
 * {@code allocationPrefixLength} (a CEL rule) and the bounds on lists and strings.
 */
class PoolSchemaApiServerTest {

    private KubernetesClient client;
    private String namespace;

    @BeforeEach
    void namespace() {
        client = new KubernetesClientBuilder()
                .withConfig(TestControlPlane.config())
                .build();
        namespace = TestNamespaces.create(client, "schema");
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void allocationPrefixLengthDefaultsTo64() {
        InClusterPrefixPool created =
                client.resource(prefixPool("defaulted", null)).create();

        assertThat(created.getSpec().allocationPrefixLength).isEqualTo(64);
    }

    @Test
    void allocationPrefixLengthCannotBeChanged() {
        client.resource(prefixPool("fixed", 64)).create();

        assertThatThrownBy(() -> patchSpec("fixed", "{\"allocationPrefixLength\": 80}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.allocationPrefixLength is immutable");
                });
    }

    @Test
    void theOtherFieldsOfAPrefixPoolStayEditable() {
        client.resource(prefixPool("editable", 64)).create();

        InClusterPrefixPool changed = patchSpec("editable", "{\"excludedPrefixes\": [\"fd00:99::/64\"]}");

        assertThat(changed.getSpec().excludedPrefixes).containsExactly("fd00:99::/64");
    }

    @Test
    void moreThan4096AddressEntriesAreRefused() {
        List<String> addresses = IntStream.range(0, IPPoolSpec.MAX_ENTRIES + 1)
                .mapToObj(i -> "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256))
                .toList();

        assertThatThrownBy(() -> client.resource(ipPool("huge", addresses)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.addresses").contains("4096");
                });
    }

    @Test
    void anEntryLongerThan128CharactersIsRefused() {
        String long129 = "1".repeat(IPPoolSpec.MAX_ENTRY_LENGTH + 1);

        assertThatThrownBy(
                        () -> client.resource(ipPool("long", List.of(long129))).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.addresses[0]").contains("128");
                });
    }

    @Test
    void poolsWithinTheBoundsAreAccepted() {
        List<String> addresses = IntStream.range(0, IPPoolSpec.MAX_ENTRIES)
                .mapToObj(i -> "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256))
                .toList();

        assertThat(client.resource(ipPool("bounded", addresses)).create().getSpec().addresses)
                .hasSize(IPPoolSpec.MAX_ENTRIES);
    }

    /**
     * Merge-patches the pool's spec, as {@code kubectl patch --type merge} does: no resourceVersion, so the writes of
     * an operator running in this JVM for other tests (status, finalizer) cannot make it conflict.
     */
    private InClusterPrefixPool patchSpec(String name, String specJson) {
        return client.resources(InClusterPrefixPool.class)
                .inNamespace(namespace)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + specJson + "}");
    }

    private InClusterPrefixPool prefixPool(String name, Integer allocationPrefixLength) {
        InClusterPrefixPool pool = new InClusterPrefixPool();
        pool.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        PrefixPoolSpec spec = new PrefixPoolSpec();
        spec.prefixes = List.of("fd00:60::/48");
        spec.allocationPrefixLength = allocationPrefixLength;
        pool.setSpec(spec);
        return pool;
    }

    private InClusterIPPool ipPool(String name, List<String> addresses) {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        pool.setSpec(new IPPoolSpec(addresses, 8, null));
        return pool;
    }
}
