package io.ipamoperator.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import io.ipamoperator.api.capi.CapiNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The IPAddress informer's cache keeps records, not objects: what it hands back to the informer must read back to
 * the same record, carry the resourceVersion the informer compares, and the handler must get the stored record.
 */
class AddressRecordCacheTest {

    private final AddressRecordCache cache = new AddressRecordCache();

    @Property(tries = 300)
    void aRebuiltIpAddressReadsBackToTheSameRecord(@ForAll("records") AddressRecord record) {
        assertThat(AddressRecord.of(record.asResource("42"))).isEqualTo(record);
    }

    @Property(tries = 300)
    void aResourceVersionReadsBackAsGivenWhetherANumberOrNot(@ForAll("resourceVersions") String resourceVersion) {
        cache.put("ns/a", address("a", resourceVersion));

        assertThat(cache.get("ns/a").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
        assertThat(cache.values().findFirst().orElseThrow().getMetadata().getResourceVersion())
                .isEqualTo(resourceVersion);
    }

    @Provide
    Arbitrary<String> resourceVersions() {
        return Arbitraries.oneOf(
                Arbitraries.longs().greaterOrEqual(0).map(String::valueOf),
                Arbitraries.strings().numeric().ofMaxLength(25),
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("0", "00", "007", "9223372036854775807", "99999999999999999999"));
    }

    @Test
    void aStoredIpAddressReadsBackToTheRecordOfTheObjectThatArrived() {
        GenericKubernetesResource address = address("a", "7");
        AddressRecord arrived = AddressRecord.of(address("a", "7"));
        cache.put(cache.getKey(address), address);

        assertThat(AddressRecord.of(cache.get("ns/a"))).isEqualTo(arrived);
        assertThat(cache.values().map(cache::recordOf)).containsExactly(arrived);
        assertThat(stored()).containsExactly(arrived);
    }

    @Test
    void theReplacedVersionCarriesItsResourceVersionSoThatAnEventChangingNothingIsDropped() {
        cache.put("ns/a", address("a", "7"));

        GenericKubernetesResource replaced = cache.put("ns/a", address("a", "8"));

        assertThat(replaced.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(cache.remove("ns/a").getMetadata().getResourceVersion()).isEqualTo("8");
        assertThat(cache.size()).isZero();
    }

    @Test
    void theStoredObjectIsSlimmedToItsIdentityAndTheHandlerGetsItsStoredRecord() {
        GenericKubernetesResource stored = address("a", "7");
        cache.put("ns/a", stored);
        AddressRecord held = stored().get(0);

        // what waits in the informer's queue for the handler: no spec, no owner references, no managed fields
        assertThat(stored.getAdditionalProperties()).doesNotContainKey("spec");
        assertThat(stored.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(stored.getMetadata().getLabels()).isNullOrEmpty();
        assertThat(stored.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(stored.getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(stored.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(cache.getKey(stored)).isEqualTo("ns/a");
        assertThat(cache.recordOf(stored)).isSameAs(held);
        assertThat(cache.keyOf(stored)).isSameAs(cache.keySet().findFirst().orElseThrow());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aQueuedEventGetsTheRecordOfItsOwnVersionAfterANewerOneWasStored() {
        GenericKubernetesResource older = address("a", "7");
        cache.put("ns/a", older);
        GenericKubernetesResource newer = address("a", "8");
        ((Map<String, Object>) newer.getAdditionalProperties().get("spec")).put("address", "10.0.0.6");
        cache.put("ns/a", newer);

        assertThat(cache.recordOf(older).address()).isEqualTo("10.0.0.5");
        assertThat(cache.recordOf(newer).address()).isEqualTo("10.0.0.6");
    }

    @Test
    void theBulkReadAfterAListHandsBackSlimObjectsCarryingTheirRecords() {
        cache.put("ns/a", address("a", "7"));
        AddressRecord held = stored().get(0);

        GenericKubernetesResource listed = cache.values().findFirst().orElseThrow();

        assertThat(listed.getAdditionalProperties()).doesNotContainKey("spec");
        assertThat(cache.getKey(listed)).isSameAs(cache.keySet().findFirst().orElseThrow());
        assertThat(listed.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(cache.recordOf(listed)).isSameAs(held);
    }

    @Test
    void theInformersCacheRemovesAListedIpAddressUnderItsKey() {
        CacheImpl<GenericKubernetesResource> informerCache = new CacheImpl<>();
        informerCache.setItemStore(cache);
        informerCache.put(address("a", "7"));
        informerCache.put(address("b", "8"));

        GenericKubernetesResource listed = informerCache.list().stream()
                .filter(address -> cache.recordOf(address).name().equals("a"))
                .findFirst()
                .orElseThrow();
        informerCache.remove(listed);

        assertThat(cache.keySet()).containsExactly("ns/b");
    }

    @Test
    void anObjectTheCacheDidNotStoreIsRead() {
        cache.put("ns/a", address("a", "7"));

        assertThat(cache.recordOf(address("a", "9"))).isEqualTo(AddressRecord.of(address("a", "9")));
    }

    @Test
    void stringsThatRepeatAcrossIpAddressesAreHeldOnce() {
        AddressRecord first = AddressRecord.of(address("a", "7"));
        AddressRecord second = AddressRecord.of(address("b", "8"));

        assertThat(second.namespace()).isSameAs(first.namespace());
        assertThat(second.poolApiGroup()).isSameAs(first.poolApiGroup());
        assertThat(second.poolKind()).isSameAs(first.poolKind());
        assertThat(second.poolName()).isSameAs(first.poolName());
        assertThat(second.marks().clusterName()).isSameAs(first.marks().clusterName());
        assertThat(first.claimName()).isSameAs(first.name());
    }

    /** The records the cache holds, as the index build reads them. */
    private List<AddressRecord> stored() {
        List<AddressRecord> records = new ArrayList<>();
        cache.forEach((key, record) -> records.add(record));
        return records;
    }

    private static GenericKubernetesResource address(String name, String resourceVersion) {
        GenericKubernetesResource address = new GenericKubernetesResourceBuilder()
                .withApiVersion("ipam.cluster.x-k8s.io/v1beta2")
                .withKind("IPAddress")
                .withNewMetadata()
                .withNamespace(new String("ns"))
                .withName(name)
                .withResourceVersion(resourceVersion)
                .withCreationTimestamp("2026-12-06T10:00:00Z")
                .withLabels(Map.of(CapiNames.CLUSTER_NAME_LABEL, new String("c1"), "other", "x"))
                .withAnnotations(Map.of("note", "dropped"))
                .withFinalizers(CapiNames.PROTECT_ADDRESS_FINALIZER)
                .withManagedFields(new ManagedFieldsEntryBuilder()
                        .withManager("capi")
                        .withOperation("Update")
                        .build())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("ipam.cluster.x-k8s.io/v1beta2")
                        .withKind("IPAddressClaim")
                        .withName(name)
                        .withUid("uid-" + name)
                        .withController(true)
                        .build())
                .endMetadata()
                .build();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("address", "10.0.0.5");
        spec.put("prefix", 24);
        spec.put("gateway", "10.0.0.1");
        spec.put(
                "poolRef",
                Map.of(
                        "apiGroup",
                        new String("ipam.cluster.x-k8s.io"),
                        "kind",
                        new String("InClusterIPPool"),
                        "name",
                        new String("p")));
        spec.put("claimRef", Map.of("name", new String(name)));
        address.setAdditionalProperty("spec", spec);
        return address;
    }

    @Provide
    Arbitrary<AddressRecord> records() {
        Arbitrary<String> word = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
        // pool API group, pool kind, pool name, address, claim name: each may be missing
        Arbitrary<List<String>> references = word.injectNull(0.2).list().ofSize(5);
        Arbitrary<Instant> created = Arbitraries.longs()
                .between(0, 4_000_000_000L)
                .map(Instant::ofEpochSecond)
                .injectNull(0.2);
        Arbitrary<AddressRecord.Marks> marks = Combinators.combine(
                        word.set().ofMaxSize(3), Arbitraries.of(true, false), word.injectNull(0.5))
                .as(AddressRecord.Marks::new);
        return Combinators.combine(
                        word,
                        word,
                        references,
                        Arbitraries.integers().between(0, 128).injectNull(0.2),
                        Arbitraries.of(true, false),
                        created,
                        marks)
                .as((namespace, name, refs, prefix, deleting, at, marked) -> new AddressRecord(
                        namespace,
                        name,
                        refs.get(0),
                        refs.get(1),
                        refs.get(2),
                        refs.get(3),
                        prefix,
                        refs.get(4),
                        deleting,
                        at,
                        marked));
    }
}
