package io.ipamoperator.netbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The connection: the URL normalised, the token checked, and the token never shown. */
class NetBoxConnectionTest {

    private static final String TOKEN = "nbt_abcdefghijkl.s3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t";

    @ParameterizedTest
    @CsvSource({
        "https://netbox.example, https://netbox.example/",
        "https://netbox.example/, https://netbox.example/",
        "https://netbox.example/api/, https://netbox.example/",
        "HTTP://127.0.0.1:8000, http://127.0.0.1:8000/",
        "https://example.org/netbox/, https://example.org/netbox/",
        "https://[2001:db8::1]:8443/nb, https://[2001:db8::1]:8443/nb/"
    })
    void theUrlIsNormalisedToTheBaseWithATrailingSlash(String given, String base) {
        assertThat(NetBoxConnection.of(given, TOKEN, null).url()).hasToString(base);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|is empty",
                "netbox.example|must start with https://",
                "ftp://netbox.example|must start with https://",
                "https://user:pw@netbox.example|no user, query or fragment",
                "https://netbox.example/?a=b|no user, query or fragment",
                "https://|not a URL"
            })
    void badUrlsAreRefusedSayingWhy(String url, String reason) {
        assertThatThrownBy(() -> NetBoxConnection.of(url, TOKEN, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void badTokensAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> NetBoxConnection.of("https://n.example", " ", null))
                .hasMessageContaining("token is empty");
        assertThatThrownBy(() -> NetBoxConnection.of("https://n.example", "nbt_a.b\r\nX-Evil: 1", null))
                .hasMessageContaining("line break")
                .hasMessageNotContaining("nbt_a.b");
    }

    @Test
    void v2TokensAreBearerAndV1TokensAreToken() {
        assertThat(NetBoxConnection.of("https://n.example", TOKEN, null).authorization())
                .isEqualTo("Bearer " + TOKEN);
        String v1 = "0123456789abcdef0123456789abcdef01234567";
        assertThat(NetBoxConnection.of("https://n.example", v1, null).authorization())
                .isEqualTo("Token " + v1);
    }

    @Test
    void theTokenIsNeverShownAndRedactedFromText() {
        NetBoxConnection connection = NetBoxConnection.of("https://n.example", TOKEN, "-----BEGIN CERTIFICATE-----");
        assertThat(connection.toString())
                .doesNotContain(TOKEN)
                .doesNotContain("s3cr3t")
                .contains("n.example");
        assertThat(connection.redact("echo " + TOKEN + " and its secret s3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t"))
                .isEqualTo("echo <token> and its secret <token>");
        assertThat(new NetBoxClient(
                                NetBoxConnection.of("http://n.example", TOKEN, null),
                                new NetBoxClient.Ownership("ipam-operator", "ipam_claim_uid"))
                        .toString())
                .doesNotContain("s3cr3t");
    }

    @Test
    void ownershipNamesAreCheckedAgainstNetBoxsRules() {
        assertThatThrownBy(() -> new NetBoxClient.Ownership("bad tag", "ipam_claim_uid"))
                .hasMessageContaining("slug");
        assertThatThrownBy(() -> new NetBoxClient.Ownership("ok", "Claim-UID"))
                .hasMessageContaining("custom field name");
    }

    @Test
    void aCaBundleWithoutCertificatesIsRefused() {
        assertThatThrownBy(() -> NetBoxClient.sslContext("not a certificate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CA bundle");
    }
}
