package io.ipamoperator.allocation;

import java.math.BigInteger;

/** IPv4 or IPv6, with the width of its addresses. */
public enum IpFamily {
    IPV4(32, "IPv4"),
    IPV6(128, "IPv6");

    private final int bits;
    private final String label;
    private final BigInteger maxValue;

    IpFamily(int bits, String label) {
        this.bits = bits;
        this.label = label;
        this.maxValue = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    public int bits() {
        return bits;
    }

    /** The highest address of the family as a number (255.255.255.255 or ffff:…:ffff). */
    public BigInteger maxValue() {
        return maxValue;
    }

    /** The range of addresses sharing the first {@code prefixLength} bits of {@code value}. */
    public Interval block(BigInteger value, int prefixLength) {
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not valid for " + label);
        }
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE);
        BigInteger first = value.andNot(hostMask);
        return new Interval(first, first.or(hostMask));
    }

    @Override
    public String toString() {
        return label;
    }
}
