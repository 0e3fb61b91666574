package io.ipamoperator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolOverlapTest {

    @Test
    void poolsSharingAllocatableAddressesOverlap() {
        IpPoolDefinition one =
                IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.30"), 24, null));
        IpPoolDefinition other =
                IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("10.0.0.25-10.0.0.40"), 24, null));

        PoolOverlap overlap = PoolOverlap.between(one, other).orElseThrow();

        assertThat(overlap.size()).isEqualTo(BigInteger.valueOf(6));
        assertThat(overlap).hasToString("10.0.0.25-10.0.0.30");
    }

    @Test
    void excludedAddressesDoNotCountAsOverlap() {
        IpPoolDefinition one =
                IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.30"), 24, null)
                        .withExcluded(List.of("10.0.0.20-10.0.0.30")));
        IpPoolDefinition other =
                IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("10.0.0.20-10.0.0.40"), 24, null));

        assertThat(PoolOverlap.between(one, other)).isEmpty();
    }

    @Test
    void poolsOfDifferentFamiliesNeverOverlap() {
        IpPoolDefinition v4 = IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("0.0.0.0/0"), 0, null));
        IpPoolDefinition v6 = IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("::/96"), 96, null));

        assertThat(PoolOverlap.between(v4, v6)).isEmpty();
    }

    @Test
    void aPrefixPoolOverlapsAnIpPoolInsideItsAggregates() {
        PrefixPoolDefinition prefixes = PrefixPoolDefinition.validate(
                        new PrefixPoolSpecification(List.of("fd00::/48"), 64, null, null))
                .definition()
                .orElseThrow();
        IpPoolDefinition addresses =
                IpPoolDefinitionTest.valid(IpPoolSpecification.of(List.of("fd00:0:0:7::/120"), 120, null));

        assertThat(PoolOverlap.between(prefixes, addresses)).isPresent();
    }
}
