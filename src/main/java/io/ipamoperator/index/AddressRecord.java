package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the index needs of one IPAddress, whichever contract version it was read in: who it is, which pool it
 * references, the address and prefix it holds, the claim it fulfils, whether it is being deleted, when it was
 * created (which of two IPAddresses holding one address came first; null when not known), and the marks a claim
 * adopting it checks (so that a complete IPAddress is adopted from the cache, without a read).
 */
public record AddressRecord(
        String namespace,
        String name,
        String poolApiGroup,
        String poolKind,
        String poolName,
        String address,
        Integer prefix,
        String claimName,
        boolean deleting,
        Instant created,
        Marks marks) {

    /**
     * The IPAddress's owner references (their UIDs), whether it carries the {@code ProtectAddress} finalizer, and its
     * cluster-name label (null when absent).
     */
    public record Marks(Set<String> ownerUids, boolean protectedByFinalizer, String clusterName) {

        public static final Marks NONE = new Marks(Set.of(), false, null);

        public Marks {
            ownerUids = ownerUids.stream().map(AddressRecord::shared).collect(Collectors.toUnmodifiableSet());
            clusterName = shared(clusterName);
        }
    }

    /**
     * Shares the strings that repeat across IPAddresses (namespace, pool reference, the pool's owner UID, cluster
     * name) and the claim name that repeats the address's own: read from JSON each is a new copy, and with 100 000
     * IPAddresses the copies were a fifth of the heap (bench/RESULTS.md).
     */
    public AddressRecord {
        namespace = shared(namespace);
        poolApiGroup = shared(poolApiGroup);
        poolKind = shared(poolKind);
        poolName = shared(poolName);
        claimName = claimName != null && claimName.equals(name) ? name : claimName;
    }

    private static String shared(String value) {
        return value == null ? null : value.intern();
    }

    /**
     * True when the IPAddress already carries everything adoption adds for this claim: the claim's and the pool's
     * owner references (the pool's when its UID is known), the finalizer and the claim's cluster-name label.
     */
    public boolean adoptedBy(String claimUid, String poolUid, Optional<String> clusterName) {
        return marks.ownerUids().contains(claimUid)
                && (poolUid == null || marks.ownerUids().contains(poolUid))
                && marks.protectedByFinalizer()
                && clusterName
                        .map(cluster -> cluster.equals(marks.clusterName()))
                        .orElse(true);
    }

    /** Reads a v1beta1 or v1beta2 IPAddress (their spec fields have the same names). */
    @SuppressWarnings("unchecked")
    public static AddressRecord of(GenericKubernetesResource resource) {
        Map<String, Object> spec =
                (Map<String, Object>) resource.getAdditionalProperties().getOrDefault("spec", Map.of());
        Map<String, Object> poolRef = (Map<String, Object>) spec.getOrDefault("poolRef", Map.of());
        Map<String, Object> claimRef = (Map<String, Object>) spec.getOrDefault("claimRef", Map.of());
        Object prefix = spec.get("prefix");
        return new AddressRecord(
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(),
                (String) poolRef.get("apiGroup"),
                (String) poolRef.get("kind"),
                (String) poolRef.get("name"),
                (String) spec.get("address"),
                prefix instanceof Number number ? number.intValue() : null,
                (String) claimRef.get("name"),
                resource.getMetadata().getDeletionTimestamp() != null,
                created(resource.getMetadata().getCreationTimestamp()),
                marks(resource.getMetadata()));
    }

    /**
     * The smallest IPAddress that {@link #of} reads back to this record, for the informer's cache
     * ({@link AddressRecordCache}). Only what the record holds is there: owner references carry only their UID, and a
     * deleting IPAddress gets its creation time (or the epoch) as deletion timestamp.
     */
    GenericKubernetesResource asResource(String resourceVersion) {
        ObjectMeta metadata = new ObjectMeta();
        metadata.setNamespace(namespace);
        metadata.setName(name);
        metadata.setResourceVersion(resourceVersion);
        String creation = created == null ? null : created.toString();
        metadata.setCreationTimestamp(creation);
        if (deleting) {
            metadata.setDeletionTimestamp(creation == null ? Instant.EPOCH.toString() : creation);
        }
        if (marks.protectedByFinalizer()) {
            metadata.setFinalizers(List.of(CapiNames.PROTECT_ADDRESS_FINALIZER));
        }
        if (!marks.ownerUids().isEmpty()) {
            metadata.setOwnerReferences(marks.ownerUids().stream()
                    .map(uid -> {
                        OwnerReference owner = new OwnerReference();
                        owner.setUid(uid);
                        return owner;
                    })
                    .toList());
        }
        if (marks.clusterName() != null) {
            metadata.setLabels(Map.of(CapiNames.CLUSTER_NAME_LABEL, marks.clusterName()));
        }
        Map<String, Object> poolRef = new HashMap<>();
        poolRef.put("apiGroup", poolApiGroup);
        poolRef.put("kind", poolKind);
        poolRef.put("name", poolName);
        Map<String, Object> claimRef = new HashMap<>();
        claimRef.put("name", claimName);
        Map<String, Object> spec = new HashMap<>();
        spec.put("poolRef", poolRef);
        spec.put("claimRef", claimRef);
        spec.put("address", address);
        spec.put("prefix", prefix);
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setMetadata(metadata);
        resource.setAdditionalProperty("spec", spec);
        return resource;
    }

    private static Marks marks(ObjectMeta metadata) {
        Set<String> owners = new HashSet<>();
        Optional.ofNullable(metadata.getOwnerReferences())
                .ifPresent(references -> references.forEach(owner -> owners.add(owner.getUid())));
        owners.remove(null);
        boolean protectedByFinalizer = metadata.getFinalizers() != null
                && metadata.getFinalizers().contains(CapiNames.PROTECT_ADDRESS_FINALIZER);
        String cluster =
                metadata.getLabels() == null ? null : metadata.getLabels().get(CapiNames.CLUSTER_NAME_LABEL);
        return new Marks(owners, protectedByFinalizer, cluster);
    }

    private static Instant created(String timestamp) {
        try {
            return timestamp == null ? null : Instant.parse(timestamp);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** {@code namespace/name}: the holder key of the address in its pool's allocator. */
    public String key() {
        return key(namespace, name);
    }

    public static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** The pool this address references, if it is one of our kinds. */
    public Optional<PoolId> poolId() {
        return PoolKind.of(poolApiGroup, poolKind).map(kind -> PoolId.referenced(kind, namespace, poolName));
    }

    public Optional<IpAddress> parsedAddress() {
        return IpAddress.parse(address);
    }
}
