package io.ipamoperator.allocation;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fields of an IP pool spec ({@code InClusterIPPool}/{@code GlobalInClusterIPPool}) as plain values.
 * {@code gateway} and {@code addressReuseGracePeriodSeconds} may be null; lists and maps are never null.
 *
 * @param drainingAddresses entries inside {@code addresses} from which nothing new is allocated
 * @param preAllocations claim key → the address kept for that claim: a claim name in a namespaced pool, {@code
 *     namespace/name} in a global one
 * @param claimNamespace the namespace of a namespaced pool (its pre-allocation keys are claim names there); null for
 *     a global pool
 */
public record IpPoolSpecification(
        List<String> addresses,
        int prefix,
        String gateway,
        List<String> excludedAddresses,
        boolean allocateReservedIPAddresses,
        Integer addressReuseGracePeriodSeconds,
        List<String> drainingAddresses,
        Map<String, String> preAllocations,
        String claimNamespace) {

    public IpPoolSpecification {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        excludedAddresses = excludedAddresses == null ? List.of() : List.copyOf(excludedAddresses);
        drainingAddresses = drainingAddresses == null ? List.of() : List.copyOf(drainingAddresses);
        preAllocations = preAllocations == null ? Map.of() : new TreeMap<>(preAllocations);
    }

    /** A spec without draining ranges or pre-allocations (what the in-cluster provider knows). */
    public IpPoolSpecification(
            List<String> addresses,
            int prefix,
            String gateway,
            List<String> excludedAddresses,
            boolean allocateReservedIPAddresses,
            Integer addressReuseGracePeriodSeconds) {
        this(
                addresses,
                prefix,
                gateway,
                excludedAddresses,
                allocateReservedIPAddresses,
                addressReuseGracePeriodSeconds,
                List.of(),
                Map.of(),
                null);
    }

    public static IpPoolSpecification of(List<String> addresses, int prefix, String gateway) {
        return new IpPoolSpecification(addresses, prefix, gateway, List.of(), false, null);
    }

    public IpPoolSpecification withExcluded(List<String> excluded) {
        return new IpPoolSpecification(
                addresses,
                prefix,
                gateway,
                excluded,
                allocateReservedIPAddresses,
                addressReuseGracePeriodSeconds,
                drainingAddresses,
                preAllocations,
                claimNamespace);
    }

    public IpPoolSpecification withAllocateReserved(boolean allocateReserved) {
        return new IpPoolSpecification(
                addresses,
                prefix,
                gateway,
                excludedAddresses,
                allocateReserved,
                addressReuseGracePeriodSeconds,
                drainingAddresses,
                preAllocations,
                claimNamespace);
    }

    public IpPoolSpecification withDraining(List<String> draining) {
        return new IpPoolSpecification(
                addresses,
                prefix,
                gateway,
                excludedAddresses,
                allocateReservedIPAddresses,
                addressReuseGracePeriodSeconds,
                draining,
                preAllocations,
                claimNamespace);
    }

    /** The same spec with pre-allocations whose keys are claim names in {@code namespace} (null: a global pool). */
    public IpPoolSpecification withPreAllocations(Map<String, String> entries, String namespace) {
        return new IpPoolSpecification(
                addresses,
                prefix,
                gateway,
                excludedAddresses,
                allocateReservedIPAddresses,
                addressReuseGracePeriodSeconds,
                drainingAddresses,
                entries,
                namespace);
    }
}
