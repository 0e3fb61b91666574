package io.ipamoperator.allocation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A valid IP pool: its family, prefix, gateway, inferred subnet and the set of allocatable addresses, computed as
 * the in-cluster provider does: union of {@code addresses} minus {@code excludedAddresses}, minus the gateway,
 * minus the subnet's first address (and, for IPv4, its last) unless {@code allocateReservedIPAddresses}. The
 * subnet is the lowest address of all entries masked to {@code prefix}. (For IPv4 /31 and /32 that removes every
 * address unless {@code allocateReservedIPAddresses} is set, exactly like the provider.)
 *
 * <p>Beyond the provider: {@code draining} addresses (inside {@code addresses}) stay allocatable — their
 * allocations are valid — but are never handed out again; {@code preAllocated} addresses are kept for the claim
 * named (holder key {@code namespace/name}) and handed to no other.
 */
public record IpPoolDefinition(
        IpFamily family,
        int prefix,
        Optional<IpAddress> gateway,
        AddressRange subnet,
        IntervalSet configured,
        IntervalSet allocatable,
        IntervalSet draining,
        Map<String, IpAddress> preAllocated)
        implements PoolLayout {

    public IpPoolDefinition {
        preAllocated = Map.copyOf(preAllocated);
    }

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
        IpPoolDefinition plain = new IpPoolDefinition(
                poolFamily, spec.prefix(), gateway, subnet, configured, allocatable, IntervalSet.empty(), Map.of());
        IntervalSet draining = draining(spec, plain, violations);
        Map<String, IpAddress> preAllocated = preAllocations(spec, plain, draining, violations);
        if (!violations.isEmpty()) {
            return PoolValidation.invalid(violations);
        }
        return PoolValidation.valid(new IpPoolDefinition(
                poolFamily,
                spec.prefix(),
                gateway,
                subnet,
                configured,
                allocatable,
                draining.intersection(allocatable),
                preAllocated));
    }

    /** {@code drainingAddresses}: parsed, of the pool's family, each entry inside {@code addresses}. */
    private static IntervalSet draining(IpPoolSpecification spec, IpPoolDefinition pool, List<Violation> violations) {
        List<Interval> draining = new ArrayList<>();
        for (AddressRange entry : parseAll(spec.drainingAddresses(), "spec.drainingAddresses", violations)) {
            if (entry.family() != pool.family()) {
                violations.add(new Violation(
                        "spec.drainingAddresses",
                        entry.toString(),
                        "draining addresses and addresses are of mixed IP families"));
            } else if (!pool.configured().containsAll(entry.interval())) {
                violations.add(new Violation(
                        "spec.drainingAddresses", entry.toString(), "draining addresses must be within addresses"));
            } else {
                draining.add(entry.interval());
            }
        }
        return IntervalSet.of(draining);
    }

    /**
     * {@code preAllocations}: each key names one claim (a name in a namespaced pool, {@code namespace/name} in a
     * global one), each address is a single allocatable, non-draining address of the pool, no address twice.
     */
    private static Map<String, IpAddress> preAllocations(
            IpPoolSpecification spec, IpPoolDefinition pool, IntervalSet draining, List<Violation> violations) {
        Map<String, IpAddress> byHolder = new LinkedHashMap<>();
        Map<IpAddress, List<String>> keysOf = new TreeMap<>();
        spec.preAllocations().forEach((key, value) -> {
            String field = "spec.preAllocations[" + key + "]";
            Optional<String> holder = holderKey(key, spec.claimNamespace());
            if (holder.isEmpty()) {
                violations.add(new Violation(
                        field,
                        key,
                        spec.claimNamespace() == null
                                ? "a pre-allocation of a global pool is keyed by the claim's namespace/name"
                                : "a pre-allocation is keyed by the name of a claim in the pool's namespace"));
                return;
            }
            Optional<IpAddress> address =
                    value == null || value.contains("/") ? Optional.empty() : IpAddress.parse(value.trim());
            if (address.isEmpty()) {
                violations.add(new Violation(field, value, "a pre-allocated address must be a single IP address"));
                return;
            }
            Optional<String> notAllocatable = pool.whyNotAllocatable(address.get(), pool.prefix());
            if (notAllocatable.isPresent()) {
                violations.add(new Violation(field, value, notAllocatable.get()));
            } else if (draining.contains(address.get().value())) {
                violations.add(new Violation(field, value, address.get() + " is in the pool's drainingAddresses"));
            } else {
                byHolder.put(holder.get(), address.get());
                keysOf.computeIfAbsent(address.get(), any -> new ArrayList<>()).add(key);
            }
        });
        keysOf.forEach((address, keys) -> {
            if (keys.size() > 1) {
                violations.add(new Violation(
                        "spec.preAllocations",
                        address.toString(),
                        "an address is pre-allocated to one claim only, not to " + String.join(", ", keys)));
            }
        });
        return byHolder;
    }

    /** The holder key ({@code namespace/name}) a pre-allocation key stands for; empty when it is malformed. */
    static Optional<String> holderKey(String key, String claimNamespace) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        int slash = key.indexOf('/');
        if (claimNamespace != null) {
            return slash >= 0 ? Optional.empty() : Optional.of(claimNamespace + "/" + key);
        }
        boolean namespaced = slash > 0 && slash < key.length() - 1 && key.indexOf('/', slash + 1) < 0;
        return namespaced ? Optional.of(key) : Optional.empty();
    }

    @Override
    public Optional<String> whyNotAllocatable(IpAddress address, int prefixLength) {
        if (address.family() != family) {
            return Optional.of(address + " is not an " + family + " address, as the pool's are");
        }
        BigInteger value = address.value();
        if (allocatable.contains(value)) {
            return Optional.empty();
        }
        if (gateway.isPresent() && gateway.get().value().equals(value)) {
            return Optional.of(address + " is the pool's gateway");
        }
        if (!configured.contains(value)) {
            return Optional.of(address + " is outside the pool's addresses");
        }
        if (value.equals(subnet.interval().first())) {
            return Optional.of(address + " is the network address of " + subnet
                    + ", reserved unless allocateReservedIPAddresses is set");
        }
        if (family == IpFamily.IPV4 && value.equals(subnet.interval().last())) {
            return Optional.of(address + " is the broadcast address of " + subnet
                    + ", reserved unless allocateReservedIPAddresses is set");
        }
        return Optional.of(address + " is in the pool's excludedAddresses");
    }

    @Override
    public IntervalSet drainingUnits() {
        return draining;
    }

    @Override
    public Map<String, BigInteger> preAllocatedUnits() {
        Map<String, BigInteger> units = new LinkedHashMap<>();
        preAllocated.forEach((holder, address) -> units.put(holder, address.value()));
        return units;
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
