package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The IPAddress informer's cache. It keeps of each IPAddress only its {@link AddressRecord} and resourceVersion —
 * the record being what the index holds anyway — instead of the object (a generic IPAddress cost ~3.5 KB of heap,
 * its record ~0.5 KB; bench/RESULTS.md). A hand-written store because the informer's own keeps whole objects and
 * the framework's transforming store keeps objects too.
 *
 * <p>The informer reads its cache back in few places: the resourceVersion of the object an event replaces (an
 * event that changes nothing is dropped) gets the object rebuilt from the record ({@link AddressRecord#asResource}),
 * which reads back to the same record; after each (re)list it reads them all, to report deleted the ones the list
 * no longer had, and gets for each only its key and record ({@link #values}).
 *
 * <p>Not a full-state store, so the informer hands the handler the very object it stored, and queues it until the
 * handler runs, which may be behind during the first list of a big cluster. So the stored object is slimmed in place
 * to its identity and its record, which the handler takes back ({@link #recordOf}) with the key the cache holds it
 * under ({@link #keyOf}): each IPAddress is read once, a queued event costs its record only, and the index keys its
 * maps with the cache's own key string.
 */
final class AddressRecordCache implements ItemStore<GenericKubernetesResource> {

    /**
     * A stored IPAddress: its record and resourceVersion. The API server's resourceVersions are numbers (etcd
     * revisions) and are kept as one, a string each was 5 MB with 100 000 IPAddresses; an opaque one is kept as given.
     */
    private record Entry(AddressRecord record, long numericVersion, String otherVersion) {

        /** Kept as a number only when the number prints back to exactly the string given. */
        static Entry of(AddressRecord record, String resourceVersion) {
            try {
                long number = Long.parseLong(resourceVersion);
                if (number >= 0 && Long.toString(number).equals(resourceVersion)) {
                    return new Entry(record, number, null);
                }
            } catch (NumberFormatException opaque) {
                // kept as given below
            }
            return new Entry(record, -1, resourceVersion);
        }

        String resourceVersion() {
            return numericVersion < 0 ? otherVersion : Long.toString(numericVersion);
        }

        GenericKubernetesResource asResource() {
            return record.asResource(resourceVersion());
        }
    }

    /**
     * Where a slimmed object carries its record and its key: no top-level fields the API server keeps (it prunes
     * unknown ones).
     */
    private static final String RECORD = "ipam-operator/record";

    private static final String KEY = "ipam-operator/key";

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** The record of {@code address}: the one it was slimmed to when this cache stored it, else read from it. */
    AddressRecord recordOf(GenericKubernetesResource address) {
        if (address instanceof ListedAddress listed) {
            return listed.entry.record();
        }
        return address.getAdditionalProperties().get(RECORD) instanceof AddressRecord record
                ? record
                : AddressRecord.of(address);
    }

    /**
     * The key string {@code address} was stored with (or, for one this cache did not store, its key): when the
     * IPAddress was new, the very string the cache's map keeps, so that the index can keep the same one.
     */
    String keyOf(GenericKubernetesResource address) {
        return address.getAdditionalProperties().get(KEY) instanceof String key ? key : getKey(address);
    }

    /** Hands each IPAddress in the cache, its key and its record, to {@code consumer}. */
    void forEach(BiConsumer<String, AddressRecord> consumer) {
        entries.forEach((key, entry) -> consumer.accept(key, entry.record()));
    }

    @Override
    public String getKey(GenericKubernetesResource address) {
        return address instanceof ListedAddress listed ? listed.key : Cache.metaNamespaceKeyFunc(address);
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource address) {
        AddressRecord record = AddressRecord.of(address);
        ObjectMeta metadata = address.getMetadata();
        Entry previous = entries.put(key, Entry.of(record, metadata.getResourceVersion()));
        slim(address, key, record);
        return previous == null ? null : previous.asResource();
    }

    /**
     * Makes {@code address} the slim form of an IPAddress in place: its identity (what the informer still reads:
     * namespace, name, uid, resourceVersion) and its record for the handler; its own metadata object stripped of the
     * rest (owner references, labels, annotations, finalizers, managed fields), the spec dropped; the key it is
     * stored under beside the record.
     */
    private static void slim(GenericKubernetesResource address, String key, AddressRecord record) {
        ObjectMeta metadata = address.getMetadata();
        metadata.setOwnerReferences(null);
        metadata.setLabels(null);
        metadata.setAnnotations(null);
        metadata.setFinalizers(null);
        metadata.setManagedFields(null);
        address.setAdditionalProperties(Map.of(RECORD, record, KEY, key));
    }

    /**
     * An IPAddress as the bulk read after a list hands it out: the cache's key and entry, its metadata made only if
     * read. The informer reads all of them at once only for their keys (fabric8 7.4, {@link #values}); an object with
     * metadata of its own was ~0.5 KB each, 50 MB at the peak of a start with 100 000 IPAddresses.
     */
    private static final class ListedAddress extends GenericKubernetesResource {

        private final String key;
        private final Entry entry;

        ListedAddress(String key, Entry entry) {
            this.key = key;
            this.entry = entry;
        }

        @Override
        public ObjectMeta getMetadata() {
            if (super.getMetadata() == null) {
                setMetadata(new ObjectMetaBuilder()
                        .withNamespace(entry.record().namespace())
                        .withName(entry.record().name())
                        .withResourceVersion(entry.resourceVersion())
                        .build());
            }
            return super.getMetadata();
        }
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        Entry removed = entries.remove(key);
        return removed == null ? null : removed.asResource();
    }

    @Override
    public Stream<String> keySet() {
        return entries.keySet().stream();
    }

    /**
     * Every IPAddress, each as a {@link ListedAddress}: the informer lists them all at once after each (re)list to
     * find the ones gone meanwhile (fabric8 7.4) and needs only their keys; a deletion found this way reaches the
     * handler with its record.
     */
    @Override
    public Stream<GenericKubernetesResource> values() {
        return entries.entrySet().stream().map(entry -> new ListedAddress(entry.getKey(), entry.getValue()));
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public GenericKubernetesResource get(String key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.asResource();
    }

    @Override
    public boolean isFullState() {
        return false;
    }
}
