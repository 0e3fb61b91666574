package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The IPAddress informer's cache. It keeps of each IPAddress only its {@link AddressRecord} and resourceVersion —
 * the record being what the index holds anyway — instead of the object (a generic IPAddress cost ~3.5 KB of heap,
 * its record ~0.5 KB; bench/RESULTS.md). A hand-written store because the informer's own keeps whole objects and
 * the framework's transforming store keeps objects too.
 *
 * <p>The informer reads its cache back in few places: the resourceVersion of the object an event replaces (an
 * event that changes nothing is dropped), and the object it reports deleted when a re-list no longer finds it; both
 * get the object rebuilt from the record ({@link AddressRecord#asResource}), which reads back to the same record.
 * Not a full-state store, so an added object is handed to the handler as it arrived. The handler takes the stored
 * record ({@link #recordOf}), so each IPAddress is read once and its record held once.
 */
final class AddressRecordCache implements ItemStore<GenericKubernetesResource> {

    private record Entry(AddressRecord record, String resourceVersion) {

        GenericKubernetesResource asResource() {
            return record.asResource(resourceVersion);
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** The record of {@code address} as stored, or read from it when the cache holds another version. */
    AddressRecord recordOf(GenericKubernetesResource address) {
        Entry entry = entries.get(getKey(address));
        return entry != null
                        && Objects.equals(
                                entry.resourceVersion(), address.getMetadata().getResourceVersion())
                ? entry.record()
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
        Entry previous = entries.put(
                key, new Entry(AddressRecord.of(address), address.getMetadata().getResourceVersion()));
        return previous == null ? null : previous.asResource();
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

    @Override
    public Stream<GenericKubernetesResource> values() {
        return entries.values().stream().map(Entry::asResource);
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
