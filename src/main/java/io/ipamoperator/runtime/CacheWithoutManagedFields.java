package io.ipamoperator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An informer cache that keeps each object without {@code metadata.managedFields}: the server-side apply
 * bookkeeping is about a third of a claim's or an IPAddress's size and nothing in the operator reads it (its
 * own writes are merge patches, server-side applies and creates, computed by the API server). With thousands of
 * claims and IPAddresses cached three times it was 40 % of the live heap (97 of 249 MB with 11 000 claims,
 * bench/RESULTS.md). The claim controllers' cache is one ({@code ClaimStore}); the IPAddress informer keeps records
 * instead of objects. The framework creates such a cache reflectively, hence the registration for the native
 * executable.
 */
@RegisterForReflection
public class CacheWithoutManagedFields<R extends HasMetadata> extends TransformingItemStore<R> {

    public CacheWithoutManagedFields() {
        super(CacheWithoutManagedFields::withoutManagedFields);
    }

    /** The resource itself, its {@code metadata.managedFields} dropped. */
    public static <R extends HasMetadata> R withoutManagedFields(R resource) {
        if (resource.getMetadata() != null) {
            resource.getMetadata().setManagedFields(null);
        }
        return resource;
    }
}
