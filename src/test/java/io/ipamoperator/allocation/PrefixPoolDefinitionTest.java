package io.ipamoperator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrefixPoolDefinitionTest {

    @Test
    void allocatesSubPrefixesFirstFitSkippingExcludedOnes() {
        PrefixPoolDefinition pool = valid(new PrefixPoolSpecification(
                List.of("fd00:1::/62", "fd00::/63"), 64, null, List.of("fd00::1", "fd00:1:0:2::/64")));
        PoolAllocator allocator = new PoolAllocator(pool.allocatableUnits());

        List<String> allocated = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> allocator
                        .allocateLowest("claim-" + i)
                        .map(pool::addressOf)
                        .map(Object::toString)
                        .orElse("exhausted"))
                .toList();

        assertThat(allocated).containsExactly("fd00:0:0:1::", "fd00:1::", "fd00:1:0:1::", "fd00:1:0:3::", "exhausted");
        assertThat(pool.allocatableUnits().size()).isEqualTo(BigInteger.valueOf(4));
    }

    @Test
    void reservedUnitsAreTheAggregatesSubPrefixesAnExclusionTouches() {
        PrefixPoolDefinition pool = valid(new PrefixPoolSpecification(
                List.of("fd00:1::/62", "fd00::/63"), 64, null, List.of("fd00::1", "fd00:1:0:2::/64")));

        assertThat(pool.reservedUnits()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void allocationLengthDefaultsTo64() {
        assertThat(new PrefixPoolSpecification(List.of("fd00::/48"), 0, null, null).allocationPrefixLength())
                .isEqualTo(64);
        assertThat(valid(new PrefixPoolSpecification(List.of("fd00::/48"), null, null, null))
                        .allocatableUnits()
                        .size())
                .isEqualTo(BigInteger.valueOf(65536));
    }

    @Test
    void aHugeAggregateIsCountedExactlyWithoutEnumeratingIt() {
        PrefixPoolDefinition pool = valid(new PrefixPoolSpecification(List.of("::/1"), 128, null, null));

        assertThat(pool.allocatableUnits().size()).isEqualTo(BigInteger.ONE.shiftLeft(127));
        assertThat(pool.allocatableUnits().intervals()).hasSize(1);
    }

    @Test
    void unitsMapOnlyAlignedAllocationsOfTheAllocationLength() {
        PrefixPoolDefinition pool = valid(new PrefixPoolSpecification(List.of("fd00::/48"), 64, null, null));

        assertThat(pool.unitOf(IpAddress.of("fd00:0:0:5::"), 64)).isPresent();
        assertThat(pool.unitOf(IpAddress.of("fd00:0:0:5::1"), 64)).isEmpty();
        assertThat(pool.unitOf(IpAddress.of("fd00:0:0:5::"), 60)).isEmpty();
        assertThat(pool.unitOf(IpAddress.of("10.0.0.0"), 64)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no prefixes              | ''            | 64  | ''       | ''          | spec.prefixes: prefixes is required
            length too long          | fd00::/48     | 129 | ''       | ''          | spec.allocationPrefixLength: Invalid value: "129": allocationPrefixLength must be between 1 and 128
            not a CIDR               | fd00::1       | 64  | ''       | ''          | spec.prefixes: Invalid value: "fd00::1": provided entry is not a valid IPv6 CIDR
            IPv4 aggregate           | 10.0.0.0/8    | 64  | ''       | ''          | spec.prefixes: Invalid value: "10.0.0.0/8": only IPv6 prefixes are supported
            host bits set            | fd00::1/48    | 64  | ''       | ''          | spec.prefixes: Invalid value: "fd00::1/48": CIDR must be network-aligned
            aggregate too small      | fd00::/80     | 64  | ''       | ''          | spec.prefixes: Invalid value: "fd00::/80": CIDR prefix length must be <= allocationPrefixLength (64)
            IPv4 gateway             | fd00::/48     | 64  | 10.0.0.1 | ''          | spec.gateway: Invalid value: "10.0.0.1": provided gateway must be IPv6
            invalid excluded entry   | fd00::/48     | 64  | ''       | nope        | spec.excludedPrefixes: Invalid value: "nope": provided address is not a valid IP, range, nor CIDR
            IPv4 excluded entry      | fd00::/48     | 64  | ''       | 10.0.0.0/8  | spec.excludedPrefixes: Invalid value: "10.0.0.0/8": only IPv6 excluded prefixes are supported
            """)
    void invalidSpecsAreRejectedWithTheProvidersMessages(
            String description, String prefixes, int length, String gateway, String excluded, String expected) {
        var spec = new PrefixPoolSpecification(
                prefixes.isEmpty() ? List.of() : List.of(prefixes),
                length,
                gateway.isEmpty() ? null : gateway,
                excluded.isEmpty() ? List.of() : List.of(excluded));

        assertThat(PrefixPoolDefinition.validate(spec).message()).isEqualTo(expected);
    }

    private static PrefixPoolDefinition valid(PrefixPoolSpecification spec) {
        PoolValidation<PrefixPoolDefinition> validation = PrefixPoolDefinition.validate(spec);
        assertThat(validation.violations()).isEmpty();
        return validation.definition().orElseThrow();
    }
}
