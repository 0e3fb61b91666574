package io.ipamoperator.allocation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A valid IPv6 prefix pool. Allocation works on <em>units</em>: unit {@code u} is the sub-prefix
 * {@code u << (128 - allocationPrefixLength)} / {@code allocationPrefixLength}. The allocatable units are the
 * aggregates' units minus every unit an excluded entry overlaps, so the lowest free unit is exactly the
 * provider's first fit (aggregates in address order, lowest child first), and the set stays small however large
 * the aggregates are.
 */
public record PrefixPoolDefinition(
        int allocationPrefixLength,
        Optional<IpAddress> gateway,
        IntervalSet aggregates,
        IntervalSet excluded,
        IntervalSet allocatableUnits)
        implements PoolLayout {

    public static PoolValidation<PrefixPoolDefinition> validate(PrefixPoolSpecification spec) {
        List<Violation> violations = new ArrayList<>();
        int length = spec.allocationPrefixLength();
        if (spec.prefixes().isEmpty()) {
            violations.add(new Violation("spec.prefixes", null, "prefixes is required"));
        }
        if (length < 1 || length > 128) {
            violations.add(new Violation(
                    "spec.allocationPrefixLength",
                    Integer.toString(length),
                    "allocationPrefixLength must be between 1 and 128"));
        }
        List<Interval> aggregates = new ArrayList<>();
        for (String prefix : spec.prefixes()) {
            aggregate(prefix, length, violations).ifPresent(aggregates::add);
        }
        Optional<IpAddress> gateway = Optional.empty();
        if (spec.gateway() != null && !spec.gateway().isEmpty()) {
            gateway = IpAddress.parse(spec.gateway()).filter(address -> address.family() == IpFamily.IPV6);
            if (gateway.isEmpty()) {
                violations.add(new Violation("spec.gateway", spec.gateway(), "provided gateway must be IPv6"));
            }
        }
        List<Interval> excluded = new ArrayList<>();
        for (AddressRange range :
                IpPoolDefinition.parseAll(spec.excludedPrefixes(), "spec.excludedPrefixes", violations)) {
            if (range.family() != IpFamily.IPV6) {
                violations.add(new Violation(
                        "spec.excludedPrefixes", range.toString(), "only IPv6 excluded prefixes are supported"));
            } else {
                excluded.add(range.interval());
            }
        }
        if (!violations.isEmpty()) {
            return PoolValidation.invalid(violations);
        }
        int shift = 128 - length;
        IntervalSet aggregateSet = IntervalSet.of(aggregates);
        IntervalSet excludedSet = IntervalSet.of(excluded);
        IntervalSet units = toUnits(aggregateSet, shift).minus(toUnits(excludedSet, shift));
        return PoolValidation.valid(new PrefixPoolDefinition(length, gateway, aggregateSet, excludedSet, units));
    }

    /** The unit of an allocation, if it is exactly one allocatable-sized, aligned sub-prefix. */
    @Override
    public Optional<BigInteger> unitOf(IpAddress base, int prefixLength) {
        if (base.family() != IpFamily.IPV6 || prefixLength != allocationPrefixLength) {
            return Optional.empty();
        }
        int shift = 128 - allocationPrefixLength;
        BigInteger unit = base.value().shiftRight(shift);
        return unit.shiftLeft(shift).equals(base.value()) ? Optional.of(unit) : Optional.empty();
    }

    /** The base address of a unit's sub-prefix. */
    @Override
    public IpAddress addressOf(BigInteger unit) {
        return IpAddress.of(IpFamily.IPV6, unit.shiftLeft(128 - allocationPrefixLength));
    }

    @Override
    public int allocatedPrefixLength() {
        return allocationPrefixLength;
    }

    @Override
    public IpFamily family() {
        return IpFamily.IPV6;
    }

    @Override
    public Optional<String> whyNotAllocatable(IpAddress base, int prefixLength) {
        String shown = base + "/" + prefixLength;
        if (base.family() != IpFamily.IPV6) {
            return Optional.of(shown + " is not an IPv6 prefix, as the pool's are");
        }
        if (prefixLength != allocationPrefixLength) {
            return Optional.of(shown + " is not a /" + allocationPrefixLength + ", the pool's allocationPrefixLength");
        }
        Optional<BigInteger> unit = unitOf(base, prefixLength);
        if (unit.isEmpty()) {
            return Optional.of(shown + " is not aligned to its prefix length");
        }
        if (allocatableUnits.contains(unit.get())) {
            return Optional.empty();
        }
        return aggregates.contains(base.value())
                ? Optional.of(shown + " overlaps the pool's excludedPrefixes")
                : Optional.of(shown + " is outside the pool's prefixes");
    }

    /** The aggregates' sub-prefixes an excluded prefix touches. */
    @Override
    public BigInteger reservedUnits() {
        return toUnits(aggregates, 128 - allocationPrefixLength).size().subtract(allocatableUnits.size());
    }

    /** Every address of the pool's aggregates that may be handed out (for overlap checks). */
    @Override
    public IntervalSet addressSpace() {
        return aggregates.minus(excluded);
    }

    private static Optional<Interval> aggregate(String prefix, int allocationLength, List<Violation> violations) {
        int slash = prefix == null ? -1 : prefix.indexOf('/');
        AddressRange range;
        try {
            range = slash < 0 ? null : AddressRange.parse(prefix);
        } catch (InvalidEntryException e) {
            range = null;
        }
        if (range == null || prefix.indexOf('-') >= 0) {
            violations.add(new Violation("spec.prefixes", prefix, "provided entry is not a valid IPv6 CIDR"));
            return Optional.empty();
        }
        if (range.family() != IpFamily.IPV6) {
            violations.add(new Violation("spec.prefixes", prefix, "only IPv6 prefixes are supported"));
            return Optional.empty();
        }
        if (!IpAddress.of(prefix.substring(0, slash))
                .value()
                .equals(range.interval().first())) {
            violations.add(new Violation("spec.prefixes", prefix, "CIDR must be network-aligned"));
            return Optional.empty();
        }
        int length = Integer.parseInt(prefix.substring(slash + 1));
        if (length > allocationLength) {
            violations.add(new Violation(
                    "spec.prefixes",
                    prefix,
                    "CIDR prefix length must be <= allocationPrefixLength (" + allocationLength + ")"));
            return Optional.empty();
        }
        return Optional.of(range.interval());
    }

    private static IntervalSet toUnits(IntervalSet addresses, int shift) {
        return IntervalSet.of(addresses.intervals().stream()
                .map(interval -> new Interval(
                        interval.first().shiftRight(shift), interval.last().shiftRight(shift)))
                .toList());
    }
}
