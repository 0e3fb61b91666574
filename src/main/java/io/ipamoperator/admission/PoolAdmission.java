package io.ipamoperator.admission;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.PoolValidation;
import io.ipamoperator.allocation.PrefixPoolDefinition;
import io.ipamoperator.allocation.PrefixPoolSpecification;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.identity.PoolKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool admission rules, as pure decisions (the in-cluster provider's rules and messages, its §3): the spec
 * rules are the allocation core's validation (the same one behind the pools' {@code Ready} condition), refused
 * as 422 with every error; the update and delete rules are refused as 400.
 */
public final class PoolAdmission {

    static final String STRANDED_IP_MESSAGE = "pool addresses do not contain allocated addresses: ";
    static final String STRANDED_PREFIX_MESSAGE = "existing allocations become non-allocatable: ";
    static final String PRE_ALLOCATION_CLASH_MESSAGE = "spec.preAllocations names addresses other claims hold: ";
    static final String IMMUTABLE_LENGTH_MESSAGE = "spec.allocationPrefixLength is immutable";
    static final String IN_USE_MESSAGE =
            "Pool has IPAddresses allocated. Cannot delete Pool until all IPAddresses have been removed.";
    static final String HOST_PREFIX_WARNING = "spec.allocationPrefixLength=128 behaves like host-address allocation;"
            + " consider InClusterIPPool for single-address semantics";
    static final String GATEWAY_IN_PREFIX_WARNING = "spec.gateway is within spec.prefixes and is not reserved;"
            + " with /128 allocationPrefixLength it may also be allocated to claims";

    private PoolAdmission() {}

    /** The kind as Kubernetes qualifies it in messages, e.g. {@code InClusterIPPool.ipam.cluster.x-k8s.io}. */
    static String qualified(PoolKind kind) {
        return kind.kind() + "." + CapiNames.IPAM_GROUP;
    }

    /** Create or update: the spec rules; empty when the spec is valid. */
    static Optional<AdmissionVerdict> specRules(PoolKind kind, String name, PoolValidation<?> validation) {
        return validation.isValid()
                ? Optional.empty()
                : Optional.of(AdmissionVerdict.invalid(qualified(kind), name, validation.violations()));
    }

    /** Update of a prefix pool: the sub-prefix length cannot change (the allocations would no longer fit). */
    static Optional<AdmissionVerdict> immutability(PrefixPoolSpecification before, PrefixPoolSpecification after) {
        return before.allocationPrefixLength().equals(after.allocationPrefixLength())
                ? Optional.empty()
                : Optional.of(AdmissionVerdict.badRequest(IMMUTABLE_LENGTH_MESSAGE));
    }

    /** Update: refused when it strands allocated addresses ({@code stranded}, as the index found them). */
    static Optional<AdmissionVerdict> stranding(PoolKind kind, List<String> stranded) {
        if (stranded.isEmpty()) {
            return Optional.empty();
        }
        String listed = "[" + String.join(" ", stranded) + "]";
        return Optional.of(AdmissionVerdict.badRequest(
                (kind.prefixPool() ? STRANDED_PREFIX_MESSAGE : STRANDED_IP_MESSAGE) + listed));
    }

    /** Create or update: refused when a pre-allocated address is held by another claim's IPAddress. */
    static Optional<AdmissionVerdict> preAllocationClashes(List<String> clashes) {
        return clashes.isEmpty()
                ? Optional.empty()
                : Optional.of(AdmissionVerdict.badRequest(PRE_ALLOCATION_CLASH_MESSAGE + String.join("; ", clashes)));
    }

    /**
     * Delete: refused while IPAddresses reference the pool, unless it carries the skip annotation or clusterctl
     * deletes it after moving it (the provider ignores the latter, which breaks {@code clusterctl move}).
     */
    static AdmissionVerdict delete(Map<String, String> annotations, int addresses) {
        Map<String, String> present = annotations == null ? Map.of() : annotations;
        if (addresses == 0
                || present.containsKey(CapiNames.SKIP_DELETE_VALIDATION_ANNOTATION)
                || present.containsKey(CapiNames.DELETE_FOR_MOVE_ANNOTATION)) {
            return AdmissionVerdict.allow(List.of());
        }
        return AdmissionVerdict.badRequest(IN_USE_MESSAGE);
    }

    /** Warnings for a valid prefix pool that allocates single addresses. */
    static List<String> prefixWarnings(PrefixPoolDefinition pool) {
        List<String> warnings = new ArrayList<>();
        if (pool.allocatedPrefixLength() == 128) {
            warnings.add(HOST_PREFIX_WARNING);
            Optional<IpAddress> gateway = pool.gateway();
            if (gateway.isPresent() && pool.aggregates().contains(gateway.get().value())) {
                warnings.add(GATEWAY_IN_PREFIX_WARNING);
            }
        }
        return warnings;
    }

    /** Defaulting of a prefix pool: {@code allocationPrefixLength} missing or 0 becomes 64 (a JSON patch). */
    static AdmissionVerdict prefixDefaults(boolean hasSpec, Integer allocationPrefixLength) {
        if (!hasSpec || (allocationPrefixLength != null && allocationPrefixLength != 0)) {
            return AdmissionVerdict.allow(List.of());
        }
        String op = allocationPrefixLength == null ? "add" : "replace";
        return AdmissionVerdict.patch("[{\"op\":\"" + op + "\",\"path\":\"/spec/allocationPrefixLength\",\"value\":"
                + PrefixPoolSpecification.DEFAULT_ALLOCATION_PREFIX_LENGTH + "}]");
    }
}
