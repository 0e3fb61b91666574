package io.ipamoperator.api.pool.v1alpha1;

import io.ipamoperator.allocation.AddressRange;
import io.ipamoperator.allocation.InvalidEntryException;
import io.ipamoperator.allocation.IpAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The spec half of the v1alpha1 ↔ v1alpha2 conversion, as the in-cluster provider converts (its §1.6): a v1alpha1
 * {@code subnet} defaults {@code start} to its second and {@code end} to its second-to-last address and
 * {@code prefix} to its length; {@code start}–{@code end} becomes one more {@code addresses} entry. Going down,
 * only addresses, prefix and gateway exist in v1alpha1.
 */
public final class SpecConversion {

    private SpecConversion() {}

    /** {@code spec} with the defaults its {@code subnet} implies filled in (a copy). */
    public static IPPoolSpec defaulted(IPPoolSpec spec) {
        IPPoolSpec result = copy(spec);
        if (result.subnet == null || result.subnet.isBlank() || !result.subnet.contains("/")) {
            return result;
        }
        AddressRange subnet;
        try {
            subnet = AddressRange.parse(result.subnet);
        } catch (InvalidEntryException e) {
            return result; // the v1alpha2 validation refuses what this leaves behind, with its message
        }
        BigInteger first = subnet.interval().first();
        BigInteger last = subnet.interval().last();
        if (result.start == null || result.start.isEmpty()) {
            result.start =
                    IpAddress.of(subnet.family(), first.add(BigInteger.ONE)).toString();
        }
        if ((result.end == null || result.end.isEmpty()) && last.compareTo(BigInteger.ONE) > 0) {
            result.end =
                    IpAddress.of(subnet.family(), last.subtract(BigInteger.ONE)).toString();
        }
        if (result.prefix == null || result.prefix == 0) {
            try {
                result.prefix = Integer.parseInt(result.subnet.substring(result.subnet.indexOf('/') + 1));
            } catch (NumberFormatException e) {
                // parsed as a CIDR above, so the length is a number
            }
        }
        return result;
    }

    /** The v1alpha2 spec of a (defaulted) v1alpha1 spec. */
    public static io.ipamoperator.api.pool.IPPoolSpec up(IPPoolSpec defaulted) {
        List<String> addresses = new ArrayList<>(defaulted.addresses == null ? List.of() : defaulted.addresses);
        if (notEmpty(defaulted.start) && notEmpty(defaulted.end)) {
            addresses.add(defaulted.start + "-" + defaulted.end);
        }
        io.ipamoperator.api.pool.IPPoolSpec hub = new io.ipamoperator.api.pool.IPPoolSpec(
                addresses, defaulted.prefix == null ? 0 : defaulted.prefix, defaulted.gateway);
        return hub;
    }

    /** The v1alpha1 spec of a v1alpha2 spec: what v1alpha1 can say of it. */
    public static IPPoolSpec down(io.ipamoperator.api.pool.IPPoolSpec hub) {
        IPPoolSpec spoke = new IPPoolSpec();
        spoke.addresses = hub.addresses == null ? null : List.copyOf(hub.addresses);
        spoke.prefix = hub.prefix;
        spoke.gateway = hub.gateway;
        return spoke;
    }

    /** Whether two v1alpha2 specs agree on everything v1alpha1 can express. */
    public static boolean sameInV1Alpha1(
            io.ipamoperator.api.pool.IPPoolSpec one, io.ipamoperator.api.pool.IPPoolSpec other) {
        return Objects.equals(listOrEmpty(one.addresses), listOrEmpty(other.addresses))
                && one.prefix == other.prefix
                && Objects.equals(emptyToNull(one.gateway), emptyToNull(other.gateway));
    }

    /** Copies the fields only v1alpha2 has from {@code from} into {@code into}. */
    public static void restoreV1Alpha2Fields(
            io.ipamoperator.api.pool.IPPoolSpec from, io.ipamoperator.api.pool.IPPoolSpec into) {
        into.excludedAddresses = from.excludedAddresses;
        into.allocateReservedIPAddresses = from.allocateReservedIPAddresses;
        into.addressReuseGracePeriodSeconds = from.addressReuseGracePeriodSeconds;
        into.drainingAddresses = from.drainingAddresses;
        into.preAllocations = from.preAllocations;
    }

    private static IPPoolSpec copy(IPPoolSpec spec) {
        IPPoolSpec copy = new IPPoolSpec();
        if (spec != null) {
            copy.addresses = spec.addresses == null ? null : List.copyOf(spec.addresses);
            copy.subnet = spec.subnet;
            copy.start = spec.start;
            copy.end = spec.end;
            copy.prefix = spec.prefix;
            copy.gateway = spec.gateway;
        }
        return copy;
    }

    private static boolean notEmpty(String value) {
        return value != null && !value.isEmpty();
    }

    private static List<String> listOrEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
