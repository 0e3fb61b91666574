package io.ipamoperator.index;

/**
 * What another controller reads of an IPAddressClaim from the claim controller's cache, the same in both contract
 * versions: its controller owner, its pool, its address and its {@code Ready} condition ({@code "True"},
 * {@code "False"} or null when it has none).
 */
public record CachedClaim(
        String namespace,
        String name,
        String controllerKind,
        String controllerName,
        String controllerUid,
        String poolApiGroup,
        String poolKind,
        String poolName,
        String addressRef,
        String readyStatus,
        String readyReason,
        String readyMessage,
        boolean deleting) {}
