package io.ipamoperator.allocation;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;
import java.util.Optional;

/**
 * One IP address: its family and its value as an unsigned number. Parsing is strict (dotted decimal without
 * leading zeros for IPv4, no zones, no prefix); {@link #toString()} is canonical (RFC 5952 for IPv6). Parsing and
 * formatting are the {@code com.github.seancfoley:ipaddress} library's; arithmetic is plain {@link BigInteger}.
 */
public record IpAddress(IpFamily family, BigInteger value) implements Comparable<IpAddress> {

    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowPrefix(false)
            .allowMask(false)
            .allowPrefixOnly(false)
            .allowWildcardedSeparator(false)
            .allow_inet_aton(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder()
            .allowLeadingZeros(false)
            .allow_inet_aton(false)
            .getParentBuilder()
            .getIPv6AddressParametersBuilder()
            .allowZone(false)
            .allowEmptyZone(false)
            .getParentBuilder()
            .toParams();

    public IpAddress {
        if (value.signum() < 0 || value.compareTo(family.maxValue()) > 0) {
            throw new IllegalArgumentException(value + " is not an " + family + " address");
        }
    }

    /** Parses a single address; empty when {@code text} is not one. */
    public static Optional<IpAddress> parse(String text) {
        if (text == null || text.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty(); // the library would trim; the provider rejects
        }
        IPAddress address = new IPAddressString(text, STRICT).getAddress();
        if (address == null || address.isMultiple() || address.isPrefixed()) {
            return Optional.empty();
        }
        IpFamily family = address.isIPv4() ? IpFamily.IPV4 : IpFamily.IPV6;
        return Optional.of(new IpAddress(family, address.getValue()));
    }

    /** Parses a single address or fails with an {@link IllegalArgumentException} naming the text. */
    public static IpAddress of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an IP address: " + text));
    }

    public static IpAddress of(IpFamily family, BigInteger value) {
        return new IpAddress(family, value);
    }

    @Override
    public int compareTo(IpAddress other) {
        int byFamily = family.compareTo(other.family);
        return byFamily != 0 ? byFamily : value.compareTo(other.value);
    }

    @Override
    public String toString() {
        if (family == IpFamily.IPV4) {
            return new IPv4Address(value.intValue()).toCanonicalString();
        }
        return new IPv6Address(value).toCanonicalString();
    }
}
