package io.ipamoperator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.PoolCounters;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PoolMetricsTest {

    @Test
    void utilisationIsTheShareOfAllocatableAddressesInUse() {
        assertThat(PoolMetrics.utilization(new PoolCounters(BigInteger.valueOf(9), 4, BigInteger.valueOf(7), 1)))
                .isEqualTo(2.0 / 9);
    }

    @Test
    void utilisationOfAHugeIpv6PoolIsNotRoundedToZero() {
        BigInteger total = BigInteger.ONE.shiftLeft(64);
        double ratio = PoolMetrics.utilization(new PoolCounters(total, 3, total.subtract(BigInteger.valueOf(3)), 0));

        assertThat(ratio).isPositive().isEqualTo(3 / Math.pow(2, 64), org.assertj.core.data.Offset.offset(1e-30));
    }

    @Test
    void utilisationOfAPoolWithoutAllocatableAddressesIsNaN() {
        assertThat(PoolMetrics.utilization(new PoolCounters(BigInteger.ZERO, 0, BigInteger.ZERO, 0)))
                .isNaN();
    }
}
