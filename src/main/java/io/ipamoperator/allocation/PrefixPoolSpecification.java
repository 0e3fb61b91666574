package io.ipamoperator.allocation;

import java.util.List;

/**
 * The fields of a prefix pool spec ({@code InClusterPrefixPool}/{@code GlobalInClusterPrefixPool}) as plain values.
 * An {@code allocationPrefixLength} of 0 or null means the default, 64.
 */
public record PrefixPoolSpecification(
        List<String> prefixes, Integer allocationPrefixLength, String gateway, List<String> excludedPrefixes) {

    public static final int DEFAULT_ALLOCATION_PREFIX_LENGTH = 64;

    public PrefixPoolSpecification {
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        excludedPrefixes = excludedPrefixes == null ? List.of() : List.copyOf(excludedPrefixes);
        if (allocationPrefixLength == null || allocationPrefixLength == 0) {
            allocationPrefixLength = DEFAULT_ALLOCATION_PREFIX_LENGTH;
        }
    }
}
