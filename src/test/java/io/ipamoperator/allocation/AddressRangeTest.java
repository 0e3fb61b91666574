package io.ipamoperator.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeTest {

    @ParameterizedTest(name = "{0} is {1} addresses from {2} to {3}, written {4}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.5                    | 1     | 10.0.0.5    | 10.0.0.5      | 10.0.0.5
            10.0.1.10-10.0.1.100        | 91    | 10.0.1.10   | 10.0.1.100    | 10.0.1.10-10.0.1.100
            10.0.0.7-10.0.0.7           | 1     | 10.0.0.7    | 10.0.0.7      | 10.0.0.7
            10.0.0.0/24                 | 256   | 10.0.0.0    | 10.0.0.255    | 10.0.0.0/24
            10.0.0.1/24                 | 256   | 10.0.0.0    | 10.0.0.255    | 10.0.0.0/24
            10.0.0.9/32                 | 1     | 10.0.0.9    | 10.0.0.9      | 10.0.0.9
            10.0.0.9/31                 | 2     | 10.0.0.8    | 10.0.0.9      | 10.0.0.8/31
            0.0.0.0/0                   | 4294967296 | 0.0.0.0 | 255.255.255.255 | 0.0.0.0/0
            fd00::5                     | 1     | fd00::5     | fd00::5       | fd00::5
            FD00:0:0:0:0:0:0:5          | 1     | fd00::5     | fd00::5       | fd00::5
            fd00::1-fd00::ff            | 255   | fd00::1     | fd00::ff      | fd00::1-fd00::ff
            fd00::1234/64               | 18446744073709551616 | fd00:: | fd00::ffff:ffff:ffff:ffff | fd00::/64
            ::/0                        | 340282366920938463463374607431768211456 | :: | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | ::/0
            2001:db8::/127              | 2     | 2001:db8::  | 2001:db8::1   | 2001:db8::/127
            """)
    void parsesSingleAddressesRangesAndCidrsCanonically(
            String entry, String size, String first, String last, String written) {
        AddressRange range = AddressRange.parse(entry);

        assertThat(range.size()).hasToString(size);
        assertThat(range.first()).hasToString(first);
        assertThat(range.last()).hasToString(last);
        assertThat(range).hasToString(written);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(
            strings = {
                "",
                "foo",
                "10.0.0",
                "10.0.0.256",
                "010.0.0.1",
                "10.0.0.1 ",
                " 10.0.0.1",
                "10.0.0.10-10.0.0.1",
                "10.0.0.1-fd00::1",
                "10.0.0.1-",
                "-10.0.0.1",
                "10.0.0.0/33",
                "10.0.0.0/",
                "10.0.0.0/024",
                "10.0.0.0/-1",
                "10.0.0.0/a",
                "fd00::/129",
                "fe80::1%eth0",
                "10.0.0.*",
                "1.2.3.4/24/1",
                "10.0.0.1-10.0.0.5-10.0.0.9",
                "::ffff:10.0.0.1-"
            })
    void rejectsEverythingElseWithTheProvidersMessage(String entry) {
        assertThatThrownBy(() -> AddressRange.parse(entry))
                .isInstanceOf(InvalidEntryException.class)
                .hasMessage("provided address is not a valid IP, range, nor CIDR");
    }
}
