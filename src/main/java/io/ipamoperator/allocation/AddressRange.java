package io.ipamoperator.allocation;

import java.math.BigInteger;

/**
 * A contiguous block of addresses of one family, as written in a pool entry: a single address, {@code A-B}
 * (inclusive, A ≤ B) or a CIDR (host bits masked).
 */
public record AddressRange(IpFamily family, Interval interval) {

    static final String INVALID_ENTRY = "provided address is not a valid IP, range, nor CIDR";

    /** Parses a pool entry, failing with the in-cluster provider's message for anything else. */
    public static AddressRange parse(String entry) {
        if (entry == null) {
            throw new InvalidEntryException(entry, INVALID_ENTRY);
        }
        int dash = entry.indexOf('-');
        if (dash >= 0) {
            IpAddress first = address(entry, entry.substring(0, dash));
            IpAddress last = address(entry, entry.substring(dash + 1));
            if (first.family() != last.family() || first.value().compareTo(last.value()) > 0) {
                throw new InvalidEntryException(entry, INVALID_ENTRY);
            }
            return new AddressRange(first.family(), new Interval(first.value(), last.value()));
        }
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            IpAddress base = address(entry, entry.substring(0, slash));
            int length = prefixLength(entry, entry.substring(slash + 1), base.family());
            return new AddressRange(base.family(), base.family().block(base.value(), length));
        }
        IpAddress single = address(entry, entry);
        return new AddressRange(single.family(), Interval.single(single.value()));
    }

    /** The block {@code value/prefixLength} of the family. */
    public static AddressRange cidr(IpAddress address, int prefixLength) {
        return new AddressRange(address.family(), address.family().block(address.value(), prefixLength));
    }

    public IpAddress first() {
        return new IpAddress(family, interval.first());
    }

    public IpAddress last() {
        return new IpAddress(family, interval.last());
    }

    public BigInteger size() {
        return interval.size();
    }

    /** True when this range is exactly one CIDR block (its size a power of two, its start aligned to it). */
    public boolean isCidrBlock() {
        BigInteger size = size();
        return size.bitCount() == 1 && interval.first().mod(size).signum() == 0;
    }

    @Override
    public String toString() {
        if (interval.first().equals(interval.last())) {
            return first().toString();
        }
        if (isCidrBlock()) {
            return first() + "/" + (family.bits() - (size().bitLength() - 1));
        }
        return first() + "-" + last();
    }

    private static IpAddress address(String entry, String text) {
        return IpAddress.parse(text).orElseThrow(() -> new InvalidEntryException(entry, INVALID_ENTRY));
    }

    private static int prefixLength(String entry, String text, IpFamily family) {
        boolean digits = !text.isEmpty()
                && text.length() <= 3
                && text.chars().allMatch(Character::isDigit)
                && (text.length() == 1 || text.charAt(0) != '0');
        int length = digits ? Integer.parseInt(text) : -1;
        if (length < 0 || length > family.bits()) {
            throw new InvalidEntryException(entry, INVALID_ENTRY);
        }
        return length;
    }
}
