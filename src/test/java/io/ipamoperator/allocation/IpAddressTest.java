package io.ipamoperator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressTest {

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource(textBlock = """
            2001:DB8:0:0:0:0:0:1,        2001:db8::1
            2001:db8:0:0:1:0:0:1,        2001:db8::1:0:0:1
            2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1
            2001:db8:0:1:1:1:1:1,        2001:db8:0:1:1:1:1:1
            0:0:0:0:0:0:0:0,             ::
            ::1,                         ::1
            FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff
            192.168.000.1,               -
            192.168.0.1,                 192.168.0.1
            """)
    void writesAddressesCanonicallyRfc5952ForIpv6(String text, String canonical) {
        if (canonical.equals("-")) {
            assertThat(IpAddress.parse(text)).isEmpty();
        } else {
            assertThat(IpAddress.of(text)).hasToString(canonical);
        }
    }

    @Test
    void roundTripsTheExtremesOfBothFamilies() {
        assertThat(IpAddress.of(IpFamily.IPV4, IpFamily.IPV4.maxValue())).hasToString("255.255.255.255");
        assertThat(IpAddress.of(IpFamily.IPV6, BigInteger.ZERO)).hasToString("::");
        assertThat(IpAddress.of("255.255.255.255").value()).isEqualTo(IpFamily.IPV4.maxValue());
        assertThat(IpAddress.of("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").value())
                .isEqualTo(IpFamily.IPV6.maxValue());
    }

    @Test
    void rejectsPrefixesAndRangesAsSingleAddresses() {
        assertThat(IpAddress.parse("10.0.0.0/24")).isEmpty();
        assertThat(IpAddress.parse("10.0.0.1-10.0.0.2")).isEmpty();
        assertThat(IpAddress.parse(null)).isEmpty();
    }
}
