package io.ipamoperator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpPoolDefinitionTest {

    @Test
    void allocatableSetIsAddressesMinusGatewayNetworkAndBroadcast() {
        IpPoolDefinition pool = valid(IpPoolSpecification.of(List.of("10.0.0.0/24"), 24, "10.0.0.1"));

        assertThat(pool.family()).isEqualTo(IpFamily.IPV4);
        assertThat(pool.subnet()).hasToString("10.0.0.0/24");
        assertThat(ranges(pool)).containsExactly("10.0.0.2-10.0.0.254");
        assertThat(pool.reservedUnits()).isEqualTo(3);
    }

    @Test
    void allocateReservedIPAddressesKeepsNetworkAndBroadcastButNeverTheGateway() {
        IpPoolDefinition pool = valid(
                IpPoolSpecification.of(List.of("10.0.0.0/24"), 24, "10.0.0.1").withAllocateReserved(true));

        assertThat(ranges(pool)).containsExactly("10.0.0.0", "10.0.0.2-10.0.0.255");
    }

    @Test
    void excludedAddressesInEveryFormatAreRemoved() {
        IpPoolDefinition pool = valid(IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.40"), 24, null)
                .withExcluded(List.of("10.0.0.12", "10.0.0.20-10.0.0.23", "10.0.0.32/30", "192.168.0.1")));

        assertThat(ranges(pool))
                .containsExactly("10.0.0.10/31", "10.0.0.13-10.0.0.19", "10.0.0.24/29", "10.0.0.36-10.0.0.40");
    }

    @Test
    void subnetIsTheLowestAddressOfAllEntriesMaskedToThePrefixRegardlessOfOrder() {
        IpPoolDefinition pool = valid(IpPoolSpecification.of(List.of("10.0.0.200-10.0.0.210", "10.0.0.0"), 24, null));

        assertThat(pool.subnet()).hasToString("10.0.0.0/24");
        // 10.0.0.0 is the network address: not allocatable
        assertThat(ranges(pool)).containsExactly("10.0.0.200-10.0.0.210");
    }

    @Test
    void overlappingAndDuplicateEntriesAreMerged() {
        IpPoolDefinition pool = valid(IpPoolSpecification.of(
                List.of("10.0.0.10-10.0.0.20", "10.0.0.15-10.0.0.25", "10.0.0.26", "10.0.0.26"), 24, null));

        assertThat(ranges(pool)).containsExactly("10.0.0.10-10.0.0.26");
    }

    @ParameterizedTest(name = "IPv4 /{0} of {1} allocates {2}, or {3} with allocateReservedIPAddresses")
    @CsvSource(delimiter = '|', textBlock = """
            32 | 10.0.0.7/32 | []              | [10.0.0.7]
            31 | 10.0.0.6/31 | []              | [10.0.0.6/31]
            30 | 10.0.0.4/30 | [10.0.0.5-10.0.0.6] | [10.0.0.4/30]
            """)
    void smallIpv4SubnetsLoseNetworkAndBroadcastLikeTheProvider(int prefix, String cidr, String without, String with) {
        assertThat(ranges(valid(IpPoolSpecification.of(List.of(cidr), prefix, null))))
                .hasToString(without);
        assertThat(ranges(valid(
                        IpPoolSpecification.of(List.of(cidr), prefix, null).withAllocateReserved(true))))
                .hasToString(with);
    }

    @Test
    void ipv6LosesOnlyTheSubnetRouterAnycastAddress() {
        assertThat(ranges(valid(IpPoolSpecification.of(List.of("fd00::/126"), 126, null))))
                .containsExactly("fd00::1-fd00::3");
        assertThat(ranges(valid(IpPoolSpecification.of(List.of("fd00::/127"), 127, null))))
                .containsExactly("fd00::1");
        assertThat(ranges(valid(IpPoolSpecification.of(List.of("fd00::/128"), 128, null))))
                .isEmpty();
    }

    @Test
    void hugeIpv6PoolsAreCountedExactly() {
        IpPoolDefinition pool = valid(IpPoolSpecification.of(List.of("::/0"), 0, null));

        assertThat(pool.allocatable().size()).hasToString("340282366920938463463374607431768211455");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no addresses                 | ''                              | 24  | ''         | ''                 | 0  | spec.addresses: addresses is required
            negative prefix              | 10.0.0.1                        | -1  | ''         | ''                 | 0  | spec.prefix: Invalid value: "-1": a valid prefix is required
            invalid entry                | 10.0.0.1,foo                    | 24  | ''         | ''                 | 0  | spec.addresses: Invalid value: "foo": provided address is not a valid IP, range, nor CIDR
            mixed families               | 10.0.0.1,fd00::1                | 24  | ''         | ''                 | 0  | spec.addresses: provided addresses are of mixed IP families
            unparseable gateway          | 10.0.0.1                        | 24  | invalid    | ''                 | 0  | spec.gateway: Invalid value: "invalid": ParseAddr("invalid"): unable to parse IP
            gateway of other family      | 10.0.0.1                        | 24  | fd00::1    | ''                 | 0  | spec.gateway: Invalid value: "fd00::1": provided gateway and addresses are of mixed IP families
            invalid excluded entry       | 10.0.0.1                        | 24  | ''         | bar                | 0  | spec.excludedAddresses: Invalid value: "bar": provided address is not a valid IP, range, nor CIDR
            mixed excluded families      | 10.0.0.1                        | 24  | ''         | 10.0.0.2,fd00::2   | 0  | spec.excludedAddresses: provided addresses are of mixed IP families
            excluded of other family     | 10.0.0.1                        | 24  | ''         | fd00::2            | 0  | spec.excludedAddresses: addresses and excluded addresses are of mixed IP families
            negative grace period        | 10.0.0.1                        | 24  | ''         | ''                 | -5 | spec.addressReuseGracePeriodSeconds: Invalid value: "-5": addressReuseGracePeriodSeconds must not be negative
            prefix too long for IPv4     | 10.0.0.1                        | 33  | ''         | ''                 | 0  | spec.prefix: Invalid value: "33": provided prefix is not valid
            entry outside the subnet     | 10.0.0.1,10.0.1.0/24            | 24  | ''         | ''                 | 0  | spec.addresses: Invalid value: "10.0.1.0/24": provided address belongs to a different subnet than others
            range crossing the subnet    | 10.0.0.250-10.0.1.5             | 24  | ''         | ''                 | 0  | spec.addresses: Invalid value: "10.0.0.250-10.0.1.5": provided address belongs to a different subnet than others
            """)
    void invalidSpecsAreRejectedWithTheProvidersMessages(
            String description,
            String addresses,
            int prefix,
            String gateway,
            String excluded,
            int grace,
            String expected) {
        var spec = new IpPoolSpecification(
                split(addresses), prefix, gateway.isEmpty() ? null : gateway, split(excluded), false, grace);

        PoolValidation<IpPoolDefinition> validation = IpPoolDefinition.validate(spec);

        assertThat(validation.isValid()).isFalse();
        assertThat(validation.message()).isEqualTo(expected);
    }

    @Test
    void violationsOfDifferentFieldsAreReportedTogether() {
        var spec = new IpPoolSpecification(List.of("foo"), 24, "bar", List.of("baz"), false, -1);

        assertThat(IpPoolDefinition.validate(spec).violations())
                .extracting(Violation::field)
                .containsExactly(
                        "spec.addresses",
                        "spec.gateway",
                        "spec.excludedAddresses",
                        "spec.addressReuseGracePeriodSeconds");
    }

    @Test
    void gatewayOutsideTheSubnetAndExcludedOutsideThePoolAreAccepted() {
        assertThat(IpPoolDefinition.validate(IpPoolSpecification.of(List.of("10.0.0.0/24"), 24, "192.168.1.1")
                                .withExcluded(List.of("172.16.0.0/12")))
                        .isValid())
                .isTrue();
    }

    static IpPoolDefinition valid(IpPoolSpecification spec) {
        PoolValidation<IpPoolDefinition> validation = IpPoolDefinition.validate(spec);
        assertThat(validation.violations()).isEmpty();
        return validation.definition().orElseThrow();
    }

    static List<String> ranges(IpPoolDefinition pool) {
        return pool.allocatable().intervals().stream()
                .map(i -> new AddressRange(pool.family(), i).toString())
                .toList();
    }

    private static List<String> split(String list) {
        return list.isEmpty() ? List.of() : List.of(list.split(","));
    }
}
