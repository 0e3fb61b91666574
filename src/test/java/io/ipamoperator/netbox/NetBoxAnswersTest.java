package io.ipamoperator.netbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NetBox's answers read without a server: JSON to records, HTTP status and body to a {@link NetBoxProblem}. */
class NetBoxAnswersTest {

    private static final String NETBOX = "https://netbox.example/";
    private static final NetBoxPrefix PREFIX =
            new NetBoxPrefix(7, "10.0.0.0/24", Optional.empty(), Optional.empty(), "active");
    private static final String FIELD = "ipam_claim_uid";

    private static NetBoxProblem allocation(int status, String body, String... uids) {
        return NetBoxAnswers.problem(NETBOX, "allocate", PREFIX, List.of(uids), FIELD, status, body);
    }

    private static NetBoxProblem other(int status, String body) {
        return NetBoxAnswers.problem(NETBOX, "read tag x", null, List.of(), FIELD, status, body);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "403|{\"detail\": \"Invalid v2 token\"}",
                "403|{\"detail\": \"Token disabled\"}",
                "403|{\"detail\": \"Token expired\"}",
                "403|{\"detail\": \"Authentication credentials were not provided.\"}",
                "403|{\"detail\": \"Invalid authorization header: Token contains invalid characters\"}",
                "401|{\"detail\": \"anything\"}",
                "401|''"
            })
    void authenticationFailuresAreUnauthorized(int status, String body) {
        NetBoxProblem problem = other(status, body);
        assertThat(problem).isInstanceOf(NetBoxProblem.Unauthorized.class);
        assertThat(problem.retryable()).isFalse();
        assertThat(problem.message())
                .contains("HTTP " + status)
                .contains("refused the API token")
                .contains("connection Secret")
                .contains(NETBOX);
    }

    @Test
    void aMissingPermissionIsForbiddenNotUnauthorized() {
        NetBoxProblem problem = other(403, "{\"detail\": \"You do not have permission to perform this action.\"}");
        assertThat(problem).isInstanceOf(NetBoxProblem.Forbidden.class);
        assertThat(problem.message())
                .contains("HTTP 403")
                .contains("read tag x")
                .contains("You do not have permission")
                .contains("grant");
    }

    @Test
    void conflictOnAllocationIsExhaustionNamingThePrefix() {
        NetBoxProblem problem =
                allocation(409, "{\"detail\":\"Insufficient resources are available to satisfy the request\"}", "u1");
        assertThat(problem).isInstanceOf(NetBoxProblem.Exhausted.class);
        assertThat(problem.message())
                .contains("10.0.0.0/24 [id 7]")
                .contains("HTTP 409")
                .contains("Insufficient resources")
                .contains("add a prefix");
        assertThat(((NetBoxProblem.Exhausted) problem).requested()).isEqualTo(1);
        assertThat(allocation(409, "{}", "a", "b", "c"))
                .isEqualTo(new NetBoxProblem.Exhausted(NETBOX, PREFIX.describe(), 3, "{}"));
    }

    @Test
    void notFoundOnAllocationIsPrefixNotFound() {
        NetBoxProblem problem = allocation(404, "{\"detail\":\"No Prefix matches the given query.\"}", "u1");
        assertThat(problem).isEqualTo(new NetBoxProblem.PrefixNotFound(NETBOX, "10.0.0.0/24 [id 7]"));
        assertThat(problem.message()).contains("10.0.0.0/24").contains("create it in NetBox");
    }

    @Test
    void uniqueViolationOfASingleObjectIsAlreadyAllocated() {
        String body = "{\"__all__\": [\"Custom field 'ipam_claim_uid' must have a unique value.\"]}";
        assertThat(allocation(400, body, "uid-1"))
                .isEqualTo(new NetBoxProblem.AlreadyAllocated(NETBOX, PREFIX.describe(), List.of("uid-1")));
    }

    @Test
    void uniqueViolationsOfABatchNameTheirClaimsByPosition() {
        String body = "[{}, {\"__all__\": [\"Custom field 'ipam_claim_uid' must have a unique value.\"]}, {},"
                + " {\"non_field_errors\": [\"Custom field 'ipam_claim_uid' must have a unique value.\"]}]";
        assertThat(allocation(400, body, "a", "b", "c", "d"))
                .isEqualTo(new NetBoxProblem.AlreadyAllocated(NETBOX, PREFIX.describe(), List.of("b", "d")));
    }

    @Test
    void anotherFieldsUniqueViolationOrAnotherErrorIsRefusedWithTheBody() {
        NetBoxProblem otherField =
                allocation(400, "{\"__all__\": [\"Custom field 'serial' must have a unique value.\"]}", "u");
        assertThat(otherField).isInstanceOf(NetBoxProblem.Refused.class);
        NetBoxProblem badTenant = allocation(
                400,
                "[{\"tenant\": [\"Related object not found using the provided attributes: {'slug': 'x'}\"]}]",
                "u");
        assertThat(badTenant).isInstanceOf(NetBoxProblem.Refused.class);
        assertThat(badTenant.message())
                .contains("HTTP 400")
                .contains("Related object not found")
                .contains("tenant");
        assertThat(badTenant.retryable()).isFalse();
    }

    @Test
    void gatewayErrorsAreUnreachableAndServerErrorsRetryable() {
        assertThat(other(502, "<html>Bad Gateway</html>")).isInstanceOf(NetBoxProblem.Unreachable.class);
        assertThat(other(503, "")).isInstanceOf(NetBoxProblem.Unreachable.class);
        NetBoxProblem crash =
                other(500, "{\"error\": \"'list' object has no attribute 'size'\", \"exception\": \"AttributeError\"}");
        assertThat(crash).isInstanceOf(NetBoxProblem.Refused.class);
        assertThat(crash.retryable()).isTrue();
        assertThat(crash.message())
                .contains("HTTP 500")
                .contains("AttributeError")
                .contains("'list' object");
    }

    @Test
    void htmlBodiesAreCutToTextAndLongBodiesToAnExcerpt() {
        assertThat(NetBoxAnswers.detail("<html><body><h1>Server   Error</h1>\n<p>oops</p></body></html>"))
                .isEqualTo("Server Error oops");
        String longBody = "x".repeat(5000);
        assertThat(NetBoxAnswers.detail(longBody)).hasSize(NetBoxAnswers.EXCERPT_LENGTH + 3);
    }

    @Test
    void anAddressIsReadWithItsTagsTenantVrfAndCustomFields() throws Exception {
        String json = "{\"id\": 42, \"address\": \"10.0.0.5/24\", \"status\": {\"value\": \"active\", \"label\":"
                + " \"Active\"}, \"dns_name\": \"a.example\", \"tenant\": {\"id\": 3, \"slug\": \"t\"}, \"vrf\":"
                + " null, \"tags\": [{\"id\": 1, \"slug\": \"ipam-operator\"}], \"custom_fields\": {\"ipam_claim_uid\":"
                + " \"uid-1\", \"rack\": 4, \"flag\": true, \"empty\": null}}";
        NetBoxAddress address = NetBoxAnswers.address(NetBoxAnswers.JSON.readTree(json));
        assertThat(address.id()).isEqualTo(42);
        assertThat(address.ip()).isEqualTo("10.0.0.5");
        assertThat(address.prefixLength()).isEqualTo(24);
        assertThat(address.status()).isEqualTo("active");
        assertThat(address.dnsName()).isEqualTo("a.example");
        assertThat(address.tenantId()).contains(3L);
        assertThat(address.vrfId()).isEmpty();
        assertThat(address.tags()).containsExactly("ipam-operator");
        assertThat(address.customField("ipam_claim_uid")).contains("uid-1");
        assertThat(address.customFields()).containsEntry("rack", 4L).containsEntry("flag", true);
        assertThat(address.customField("empty")).isEmpty();
    }

    @Test
    void aPrefixIsReadWithItsVrf() throws Exception {
        NetBoxPrefix prefix = NetBoxAnswers.prefix(NetBoxAnswers.JSON.readTree("{\"id\": 9, \"prefix\":"
                + " \"2001:db8::/64\", \"vrf\": {\"id\": 2, \"name\": \"blue\"}, \"status\": {\"value\":"
                + " \"active\"}}"));
        assertThat(prefix)
                .isEqualTo(new NetBoxPrefix(9, "2001:db8::/64", Optional.of(2L), Optional.of("blue"), "active"));
        assertThat(prefix.describe()).isEqualTo("2001:db8::/64 (VRF blue) [id 9]");
    }
}
