package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * no longer had, and gets them slimmed ({@link #values}).
 *
 * <p>Not a full-state store, so the informer hands the handler the very object it stored, and queues it until the
 * handler runs, which may be behind during the first list of a big cluster. So the stored object is slimmed in place
 * to its identity and its record, which the handler takes back ({@link #recordOf}): each IPAddress is read once, and
 * a queued event costs its record only.
 */
final class AddressRecordCache implements ItemStore<GenericKubernetesResource> {

    private record Entry(AddressRecord record, String resourceVersion) {

        GenericKubernetesResource asResource() {
            return record.asResource(resourceVersion);
        }
    }

    /** Where a slimmed object carries its record: no top-level field the API server keeps (it prunes unknown ones). */
    private static final String RECORD = "ipam-operator/record";

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** The record of {@code address}: the one it was slimmed to when this cache stored it, else read from it. */
    AddressRecord recordOf(GenericKubernetesResource address) {
        return address.getAdditionalProperties().get(RECORD) instanceof AddressRecord record
                ? record
                : AddressRecord.of(address);
    }

    /** Every IPAddress in the cache, as records. */
    Collection<AddressRecord> records() {
        return entries.values().stream().map(Entry::record).toList();
    }

    @Override
    public String getKey(GenericKubernetesResource address) {
        return Cache.metaNamespaceKeyFunc(address);
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource address) {
        AddressRecord record = AddressRecord.of(address);
        ObjectMeta metadata = address.getMetadata();
        Entry previous = entries.put(key, new Entry(record, metadata.getResourceVersion()));
        slim(
                address,
                metadata.getNamespace(),
                metadata.getName(),
                metadata.getUid(),
                metadata.getResourceVersion(),
                record);
        return previous == null ? null : previous.asResource();
    }

    /**
     * Makes {@code resource} the slim form of an IPAddress: its identity (what the informer still reads: namespace,
     * name, uid, resourceVersion) and its record for the handler; no spec, owner references, labels or managed
     * fields.
     */
    private static GenericKubernetesResource slim(
            GenericKubernetesResource resource,
            String namespace,
            String name,
            String uid,
            String resourceVersion,
            AddressRecord record) {
        resource.setMetadata(new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withUid(uid)
                .withResourceVersion(resourceVersion)
                .build());
        Map<String, Object> carried = new HashMap<>(2);
        carried.put(RECORD, record);
        resource.setAdditionalProperties(carried);
        return resource;
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
     * Every IPAddress, slimmed like a stored one: the informer lists them all at once after each (re)list to find the
     * ones gone meanwhile (fabric8 7.4), and whole rebuilt objects made that the peak of a start (about 130 MB more
     * live heap with 100 000 IPAddresses). A deletion found this way reaches the handler with its record.
     */
    @Override
    public Stream<GenericKubernetesResource> values() {
        return entries.values().stream()
                .map(entry -> slim(
                        new GenericKubernetesResource(),
                        entry.record().namespace(),
                        entry.record().name(),
                        null,
                        entry.resourceVersion(),
                        entry.record()));
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
