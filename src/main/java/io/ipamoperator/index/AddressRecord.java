package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the index needs of one IPAddress, whichever contract version it was read in: who it is, which pool it
 * references, the address and prefix it holds, the claim it fulfils, whether it is being deleted, and when it was
 * created (which of two IPAddresses holding one address came first; null when not known).
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
        Instant created) {

    public AddressRecord(
            String namespace,
            String name,
            String poolApiGroup,
            String poolKind,
            String poolName,
            String address,
            Integer prefix,
            String claimName,
            boolean deleting) {
        this(namespace, name, poolApiGroup, poolKind, poolName, address, prefix, claimName, deleting, null);
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
                created(resource.getMetadata().getCreationTimestamp()));
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
