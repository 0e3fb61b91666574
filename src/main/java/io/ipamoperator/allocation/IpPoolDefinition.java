package io.ipamoperator.allocation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A valid IP pool: its family, prefix, gateway, inferred subnet and the set of allocatable addresses, computed as
 * the in-cluster provider does: union of {@code addresses} minus {@code excludedAddresses}, minus the gateway,
 * minus the subnet's first address (and, for IPv4, its last) unless {@code allocateReservedIPAddresses}. The
 * subnet is the lowest address of all entries masked to {@code prefix}. (For IPv4 /31 and /32 that removes every
 * address unless {@code allocateReservedIPAddresses} is set, exactly like the provider.)
 */
public record IpPoolDefinition(
        IpFamily family,
        int prefix,
        Optional<IpAddress> gateway,
        AddressRange subnet,
        IntervalSet configured,
        IntervalSet allocatable)
        implements PoolLayout {

    /** Validates {@code spec} with the provider's rules and messages, in its order, all violations at once. */
    public static PoolValidation<IpPoolDefinition> validate(IpPoolSpecification spec) {
        List<Violation> violations = new ArrayList<>();
        if (spec.addresses().isEmpty()) {
            violations.add(new Violation("spec.addresses", null, "addresses is required"));
        }
        if (spec.prefix() < 0) {
            violations.add(new Violation("spec.prefix", Integer.toString(spec.prefix()), "a valid prefix is required"));
        }
        List<AddressRange> addresses = parseAll(spec.addresses(), "spec.addresses", violations);
        Optional<IpFamily> family = singleFamily(addresses, "spec.addresses", violations);

        Optional<IpAddress> gateway = Optional.empty();
        if (spec.gateway() != null && !spec.gateway().isEmpty()) {
            gateway = IpAddress.parse(spec.gateway());
            if (gateway.isEmpty()) {
                violations.add(new Violation(
                        "spec.gateway", spec.gateway(), "ParseAddr(\"" + spec.gateway() + "\"): unable to parse IP"));
            } else if (family.isPresent() && gateway.get().family() != family.get()) {
                violations.add(new Violation(
                        "spec.gateway", spec.gateway(), "provided gateway and addresses are of mixed IP families"));
            }
        }

        List<AddressRange> excluded = parseAll(spec.excludedAddresses(), "spec.excludedAddresses", violations);
        Optional<IpFamily> excludedFamily = singleFamily(excluded, "spec.excludedAddresses", violations);
        if (family.isPresent() && excludedFamily.isPresent() && family.get() != excludedFamily.get()) {
            violations.add(new Violation(
                    "spec.excludedAddresses", null, "addresses and excluded addresses are of mixed IP families"));
        }
        if (spec.addressReuseGracePeriodSeconds() != null && spec.addressReuseGracePeriodSeconds() < 0) {
            violations.add(new Violation(
                    "spec.addressReuseGracePeriodSeconds",
                    spec.addressReuseGracePeriodSeconds().toString(),
                    "addressReuseGracePeriodSeconds must not be negative"));
        }
        if (!violations.isEmpty()) {
            return PoolValidation.invalid(violations);
        }

        IpFamily poolFamily = family.orElseThrow();
        if (spec.prefix() > poolFamily.bits()) {
            return PoolValidation.invalid(List.of(
                    new Violation("spec.prefix", Integer.toString(spec.prefix()), "provided prefix is not valid")));
        }
        IntervalSet configured =
                IntervalSet.of(addresses.stream().map(AddressRange::interval).toList());
        AddressRange subnet =
                AddressRange.cidr(IpAddress.of(poolFamily, configured.lowest().orElseThrow()), spec.prefix());
        for (AddressRange entry : addresses) {
            if (!subnet.interval().contains(entry.interval())) {
                violations.add(new Violation(
                        "spec.addresses",
                        entry.toString(),
                        "provided address belongs to a different subnet than others"));
            }
        }
        if (!violations.isEmpty()) {
            return PoolValidation.invalid(violations);
        }

        List<Interval> removed =
                new ArrayList<>(excluded.stream().map(AddressRange::interval).toList());
        gateway.ifPresent(address -> removed.add(Interval.single(address.value())));
        if (!spec.allocateReservedIPAddresses()) {
            removed.add(Interval.single(subnet.interval().first()));
            if (poolFamily == IpFamily.IPV4) {
                removed.add(Interval.single(subnet.interval().last()));
            }
        }
        IntervalSet allocatable = configured.minus(IntervalSet.of(removed));
        return PoolValidation.valid(
                new IpPoolDefinition(poolFamily, spec.prefix(), gateway, subnet, configured, allocatable));
    }

    @Override
    public IntervalSet allocatableUnits() {
        return allocatable;
    }

    /** An address of the pool's family is its own unit; the prefix length does not matter. */
    @Override
    public Optional<BigInteger> unitOf(IpAddress address, int prefixLength) {
        return address.family() == family ? Optional.of(address.value()) : Optional.empty();
    }

    @Override
    public IpAddress addressOf(BigInteger unit) {
        return IpAddress.of(family, unit);
    }

    @Override
    public int allocatedPrefixLength() {
        return prefix;
    }

    @Override
    public IntervalSet addressSpace() {
        return allocatable;
    }

    /** How many configured addresses are held back: excluded, gateway, network and broadcast. */
    @Override
    public BigInteger reservedUnits() {
        return configured.size().subtract(allocatable.size());
    }

    static List<AddressRange> parseAll(List<String> entries, String field, List<Violation> violations) {
        List<AddressRange> parsed = new ArrayList<>();
        for (String entry : entries) {
            try {
                parsed.add(AddressRange.parse(entry));
            } catch (InvalidEntryException e) {
                violations.add(new Violation(field, entry, e.getMessage()));
            }
        }
        return parsed;
    }

    private static Optional<IpFamily> singleFamily(
            List<AddressRange> ranges, String field, List<Violation> violations) {
        if (ranges.isEmpty()) {
            return Optional.empty();
        }
        IpFamily first = ranges.get(0).family();
        if (ranges.stream().anyMatch(range -> range.family() != first)) {
            violations.add(new Violation(field, null, "provided addresses are of mixed IP families"));
            return Optional.empty();
        }
        return Optional.of(first);
    }
}
