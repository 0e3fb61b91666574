package io.ipamoperator.allocation;

import java.math.BigInteger;

/** The inclusive range of numbers {@code first..last}; never empty. */
public record Interval(BigInteger first, BigInteger last) {

    public Interval {
        if (first.signum() < 0 || first.compareTo(last) > 0) {
            throw new IllegalArgumentException("not an interval: " + first + ".." + last);
        }
    }

    public static Interval of(long first, long last) {
        return new Interval(BigInteger.valueOf(first), BigInteger.valueOf(last));
    }

    public static Interval single(BigInteger value) {
        return new Interval(value, value);
    }

    public BigInteger size() {
        return last.subtract(first).add(BigInteger.ONE);
    }

    public boolean contains(BigInteger value) {
        return first.compareTo(value) <= 0 && value.compareTo(last) <= 0;
    }

    public boolean contains(Interval other) {
        return first.compareTo(other.first) <= 0 && other.last.compareTo(last) <= 0;
    }

    @Override
    public String toString() {
        return first + ".." + last;
    }
}
