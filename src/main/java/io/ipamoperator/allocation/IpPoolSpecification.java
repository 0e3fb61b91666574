package io.ipamoperator.allocation;

import java.util.List;

/**
 * The fields of an IP pool spec ({@code InClusterIPPool}/{@code GlobalInClusterIPPool}) as plain values.
 * {@code gateway} and {@code addressReuseGracePeriodSeconds} may be null; lists are never null.
 */
public record IpPoolSpecification(
        List<String> addresses,
        int prefix,
        String gateway,
        List<String> excludedAddresses,
        boolean allocateReservedIPAddresses,
        Integer addressReuseGracePeriodSeconds) {

    public IpPoolSpecification {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        excludedAddresses = excludedAddresses == null ? List.of() : List.copyOf(excludedAddresses);
    }

    public static IpPoolSpecification of(List<String> addresses, int prefix, String gateway) {
        return new IpPoolSpecification(addresses, prefix, gateway, List.of(), false, null);
    }

    public IpPoolSpecification withExcluded(List<String> excluded) {
        return new IpPoolSpecification(
                addresses, prefix, gateway, excluded, allocateReservedIPAddresses, addressReuseGracePeriodSeconds);
    }

    public IpPoolSpecification withAllocateReserved(boolean allocateReserved) {
        return new IpPoolSpecification(
                addresses, prefix, gateway, excludedAddresses, allocateReserved, addressReuseGracePeriodSeconds);
    }
}
