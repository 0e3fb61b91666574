package io.ipamoperator.netbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipamoperator.testing.NetBoxServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NetBox client against a real NetBox 4.7.3 ({@link NetBoxServer}): every check reads NetBox itself through the
 * server's own helpers (the superuser's token, no code of {@code src/main}), not only what the client returned.
 */
@ExtendWith(NetBoxServer.class)
class NetBoxClientNetBoxTest {

    private static final String FIELD = "ipam_claim_uid";
    private static final String TAG = "ipam-operator";

    private static NetBoxServer netbox;
    private static NetBoxClient client;

    @BeforeAll
    static void setUp() throws NetBoxException {
        netbox = NetBoxServer.current();
        client = client(TAG, netbox.token());
        client.ensureClaimUidField();
        client.ensureOwnershipTag();
    }

    private static NetBoxClient client(String tag, String token) {
        return new NetBoxClient(
                NetBoxConnection.of(netbox.url(), token, null),
                new NetBoxClient.Ownership(tag, FIELD),
                Duration.ofSeconds(120));
    }

    private static String uid() {
        return UUID.randomUUID().toString();
    }

    private static NetBoxPrefix newPrefix(int length) throws NetBoxException {
        return client.prefix(netbox.newPrefix(length));
    }

    private static List<String> claimUids(List<JsonNode> addresses) {
        return addresses.stream()
                .map(a -> a.path("custom_fields").path(FIELD).asText(null))
                .toList();
    }

    private static NetBoxProblem problemOf(ThrowingCall call) {
        try {
            call.run();
        } catch (NetBoxException e) {
            return e.problem();
        } catch (Exception e) {
            throw new AssertionError("not a NetBoxException: " + e, e);
        }
        throw new AssertionError("no NetBoxException");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void checkNamesTheTokensUserAndNetBoxsVersion() throws Exception {
        NetBoxClient.Identity identity = client.check();
        assertThat(identity.user()).isEqualTo("admin");
        assertThat(identity.netboxVersion()).startsWith("4.7");
    }

    @Test
    void theFieldAndTagAreMadeOnceAndFoundAfter() throws Exception {
        // setUp made them; NetBox holds the field unique, exact, on IP addresses
        assertThat(client.ensureClaimUidField()).isEqualTo(NetBoxClient.SetupState.PRESENT);
        assertThat(client.ensureOwnershipTag()).isEqualTo(NetBoxClient.SetupState.PRESENT);
        JsonNode field = netbox.customField(FIELD);
        assertThat(field.path("unique").asBoolean()).isTrue();
        assertThat(field.path("filter_logic").path("value").asText()).isEqualTo("exact");
        assertThat(field.path("object_types").toString()).contains("ipam.ipaddress");
    }

    @Test
    void aLooseNonUniqueFieldIsCorrectedWhenTheTokenMay() throws Exception {
        String name = "claim_uid_loose";
        netbox.createLooseField(name);
        NetBoxClient other = new NetBoxClient(
                NetBoxConnection.of(netbox.url(), netbox.token(), null), new NetBoxClient.Ownership(TAG, name));
        assertThat(other.ensureClaimUidField()).isEqualTo(NetBoxClient.SetupState.UPDATED);
        JsonNode field = netbox.customField(name);
        assertThat(field.path("unique").asBoolean()).isTrue();
        assertThat(field.path("filter_logic").path("value").asText()).isEqualTo("exact");
        assertThat(other.ensureClaimUidField()).isEqualTo(NetBoxClient.SetupState.PRESENT);
    }

    @Test
    void prefixesAreFoundByCidrInTheGlobalTableOrAVrfAndById() throws Exception {
        String cidr = NetBoxServer.newCidr(24);
        long global = netbox.createPrefix(cidr, null);
        long vrf = netbox.createVrf("blue-" + global);
        long inVrf = netbox.createPrefix(cidr, vrf);
        assertThat(client.findPrefix(cidr, Optional.empty()).id()).isEqualTo(global);
        NetBoxPrefix blue = client.findPrefix(cidr, Optional.of("blue-" + global));
        assertThat(blue.id()).isEqualTo(inVrf);
        assertThat(blue.vrfId()).contains(vrf);
        assertThat(client.prefix(inVrf)).isEqualTo(blue);

        NetBoxProblem missing = problemOf(() -> client.findPrefix("10.251.0.0/24", Optional.empty()));
        assertThat(missing).isInstanceOf(NetBoxProblem.PrefixNotFound.class);
        assertThat(missing.message()).contains("10.251.0.0/24").contains("create it in NetBox");
        assertThat(problemOf(() -> client.findPrefix(cidr, Optional.of("no-such-vrf"))))
                .isInstanceOf(NetBoxProblem.PrefixNotFound.class);
        assertThat(problemOf(() -> client.prefix(999_999))).isInstanceOf(NetBoxProblem.PrefixNotFound.class);
    }

    @Test
    void allocateWritesWhatWasAskedAndReleaseDeletesIt() throws Exception {
        NetBoxPrefix prefix = newPrefix(24);
        long tenant = netbox.createTenant("Team " + prefix.id(), "team-" + prefix.id());
        String uid = uid();
        NetBoxAddress address = client.allocate(
                prefix,
                AddressRequest.forClaim(uid)
                        .withStatus("reserved")
                        .withTenant("team-" + prefix.id())
                        .withDnsName("m1.example.com")
                        .withDescription("claim ns/m1"));

        JsonNode stored = netbox.address(address.id());
        assertThat(stored.path("address").asText()).isEqualTo(address.address());
        assertThat(address.address())
                .startsWith(prefix.prefix().substring(0, prefix.prefix().lastIndexOf('.')));
        assertThat(address.prefixLength()).isEqualTo(24);
        assertThat(stored.path("status").path("value").asText()).isEqualTo("reserved");
        assertThat(stored.path("tenant").path("id").asLong()).isEqualTo(tenant);
        assertThat(stored.path("dns_name").asText()).isEqualTo("m1.example.com");
        assertThat(stored.path("custom_fields").path(FIELD).asText()).isEqualTo(uid);
        assertThat(stored.path("tags").toString()).contains("\"slug\":\"" + TAG + "\"");
        assertThat(client.findByClaimUid(uid)).contains(address);

        assertThat(client.release(address.id())).isTrue();
        assertThat(netbox.address(address.id())).isNull();
        assertThat(netbox.addressesIn(prefix.prefix())).isEmpty();
        assertThat(client.findByClaimUid(uid)).isEmpty();
        assertThat(client.release(address.id())).isFalse(); // twice: already released
    }

    @Test
    void aBatchAllocatesOneDistinctAddressPerClaimInOneRequest() throws Exception {
        NetBoxPrefix prefix = newPrefix(24);
        List<String> uids = IntStream.range(0, 40).mapToObj(i -> uid()).toList();
        List<NetBoxAddress> addresses = client.allocate(
                prefix, uids.stream().map(AddressRequest::forClaim).toList());

        assertThat(addresses).hasSize(40);
        assertThat(addresses)
                .extracting(a -> a.customField(FIELD).orElseThrow())
                .containsExactlyElementsOf(uids);
        assertThat(addresses).extracting(NetBoxAddress::ip).doesNotHaveDuplicates();
        List<JsonNode> stored = netbox.addressesIn(prefix.prefix());
        assertThat(claimUids(stored)).containsExactlyInAnyOrderElementsOf(uids);
        assertThat(client.findByClaimUids(uids)).hasSize(40);
    }

    @Test
    void anExhaustedPrefixSaysSoAndTheNextPrefixServes() throws Exception {
        NetBoxPrefix small = newPrefix(29); // NetBox hands out .1 to .6 of a /29
        NetBoxPrefix next = newPrefix(29);
        int allocated = 0;
        NetBoxProblem problem = null;
        while (problem == null && allocated < 20) {
            try {
                client.allocate(small, AddressRequest.forClaim(uid()));
                allocated++;
            } catch (NetBoxException e) {
                problem = e.problem();
            }
        }
        assertThat(allocated).isEqualTo(6);
        assertThat(netbox.addressesIn(small.prefix())).hasSize(6);
        assertThat(problem).isInstanceOf(NetBoxProblem.Exhausted.class);
        assertThat(problem.message())
                .contains(small.prefix())
                .contains("HTTP 409")
                .contains("Insufficient resources")
                .contains("add a prefix to the pool");

        // a batch larger than what is free allocates nothing
        List<AddressRequest> seven = IntStream.range(0, 7)
                .mapToObj(i -> AddressRequest.forClaim(uid()))
                .toList();
        assertThat(problemOf(() -> client.allocate(next, seven))).isInstanceOf(NetBoxProblem.Exhausted.class);
        assertThat(netbox.addressesIn(next.prefix())).isEmpty();

        String uid = uid();
        NetBoxAddress fallback = client.allocate(next, AddressRequest.forClaim(uid));
        assertThat(netbox.addressesIn(next.prefix())).hasSize(1);
        assertThat(claimUids(netbox.addressesIn(next.prefix()))).containsExactly(uid);
        assertThat(fallback.ip()).isEqualTo(next.prefix().replace(".0/29", ".1"));
    }

    @Test
    void tenConcurrentAllocationsForOneClaimMakeOneAddress() throws Exception {
        NetBoxPrefix prefix = newPrefix(24);
        String uid = uid();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<NetBoxClient.Claimed>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // separate clients, as separate replicas would be
                NetBoxClient replica = client(TAG, netbox.token());
                calls.add(() -> replica.findOrAllocate(prefix, AddressRequest.forClaim(uid)));
            }
            Set<Long> ids = new HashSet<>();
            int fresh = 0;
            for (Future<NetBoxClient.Claimed> result : pool.invokeAll(calls)) {
                NetBoxClient.Claimed claimed = result.get();
                ids.add(claimed.address().id());
                fresh += claimed.existed() ? 0 : 1;
            }
            assertThat(ids).hasSize(1);
            assertThat(fresh).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        List<JsonNode> stored = netbox.addressesIn(prefix.prefix());
        assertThat(claimUids(stored)).containsExactly(uid);
    }

    @Test
    void anAllocationWhoseAnswerWasLostIsFoundByTheClaimUid() throws Exception {
        NetBoxPrefix prefix = newPrefix(24);
        String uid = uid();
        client.allocate(prefix, AddressRequest.forClaim(uid)); // the caller "crashes" before writing it down

        NetBoxClient restarted = client(TAG, netbox.token());
        NetBoxClient.Claimed claimed = restarted.findOrAllocate(prefix, AddressRequest.forClaim(uid));
        assertThat(claimed.existed()).isTrue();
        List<JsonNode> stored = netbox.addressesIn(prefix.prefix());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("id").asLong())
                .isEqualTo(claimed.address().id());

        // and a plain allocate for that claim is refused as already allocated, naming the claim
        NetBoxProblem again = problemOf(() -> restarted.allocate(prefix, AddressRequest.forClaim(uid)));
        assertThat(again).isInstanceOf(NetBoxProblem.AlreadyAllocated.class);
        assertThat(((NetBoxProblem.AlreadyAllocated) again).claimUids()).containsExactly(uid);
        assertThat(netbox.addressesIn(prefix.prefix())).hasSize(1);
    }

    @Test
    void aBatchWithClaimsAlreadyAllocatedAllocatesNothingAndNamesThem() throws Exception {
        NetBoxPrefix prefix = newPrefix(24);
        String taken = uid();
        client.allocate(prefix, AddressRequest.forClaim(taken));
        String a = uid();
        String b = uid();
        NetBoxProblem problem = problemOf(() -> client.allocate(
                prefix,
                List.of(AddressRequest.forClaim(a), AddressRequest.forClaim(taken), AddressRequest.forClaim(b))));
        assertThat(problem).isInstanceOf(NetBoxProblem.AlreadyAllocated.class);
        assertThat(((NetBoxProblem.AlreadyAllocated) problem).claimUids()).containsExactly(taken);
        assertThat(claimUids(netbox.addressesIn(prefix.prefix()))).containsExactly(taken);
    }

    @Test
    void releasingAnAddressDeletedByHandCountsAsReleased() throws Exception {
        NetBoxPrefix prefix = newPrefix(24);
        NetBoxAddress address = client.allocate(prefix, AddressRequest.forClaim(uid()));
        netbox.deleteAddress(address.id());
        assertThat(client.release(address.id())).isFalse();
        assertThat(netbox.address(address.id())).isNull();
    }

    @Test
    void aRevokedTokenIsUnauthorizedWithAClearMessageWithoutTheToken() throws Exception {
        NetBoxServer.Token token = netbox.createToken("revoked by a test");
        NetBoxClient revoked = client(TAG, token.value());
        assertThat(revoked.check().user()).isEqualTo("admin");
        NetBoxPrefix prefix = newPrefix(24);

        netbox.revokeToken(token.id());

        for (ThrowingCall call : List.<ThrowingCall>of(
                revoked::check,
                () -> revoked.allocate(prefix, AddressRequest.forClaim(uid())),
                () -> revoked.findByClaimUid(uid()))) {
            NetBoxProblem problem = problemOf(call);
            assertThat(problem).isInstanceOf(NetBoxProblem.Unauthorized.class);
            assertThat(problem.retryable()).isFalse();
            assertThat(problem.message())
                    .contains("refused the API token")
                    .contains("HTTP 403")
                    .contains("Invalid v2 token")
                    .contains("connection Secret")
                    .doesNotContain(token.value())
                    .doesNotContain(token.value().substring(token.value().indexOf('.') + 1));
        }
        assertThat(netbox.addressesIn(prefix.prefix())).isEmpty();
    }

    @Test
    void aFilterOnAnUnknownCustomFieldIsCaughtNotTakenForAnAnswer() throws Exception {
        NetBoxPrefix prefix = newPrefix(24);
        client.allocate(prefix, AddressRequest.forClaim(uid())); // NetBox holds at least one address
        NetBoxClient misnamed = new NetBoxClient(
                NetBoxConnection.of(netbox.url(), netbox.token(), null),
                new NetBoxClient.Ownership(TAG, "no_such_field"));
        NetBoxProblem problem = problemOf(() -> misnamed.findByClaimUid(uid()));
        assertThat(problem).isInstanceOf(NetBoxProblem.SetupMissing.class);
        assertThat(problem.message()).contains("ignored the filter on the custom field no_such_field");
    }

    @Test
    void ownedAddressesAreListedAcrossPages() throws Exception {
        String tag = "ipam-pages-" + netbox.newPrefix(16);
        NetBoxClient owner = new NetBoxClient(
                NetBoxConnection.of(netbox.url(), netbox.token(), null),
                new NetBoxClient.Ownership(tag, FIELD),
                Duration.ofSeconds(120),
                50);
        assertThat(owner.listOwned()).isEmpty(); // the tag does not exist yet
        owner.ensureOwnershipTag();
        NetBoxPrefix prefix = newPrefix(24);
        List<String> uids = IntStream.range(0, 120).mapToObj(i -> uid()).toList();
        owner.allocate(prefix, uids.stream().map(AddressRequest::forClaim).toList());
        client.allocate(prefix, AddressRequest.forClaim(uid())); // not ours: another tag

        List<NetBoxAddress> owned = owner.listOwned(); // three pages of 50
        assertThat(owned).hasSize(120);
        assertThat(owned).extracting(NetBoxAddress::id).doesNotHaveDuplicates();
        assertThat(owned).extracting(a -> a.customField(FIELD).orElseThrow()).containsExactlyInAnyOrderElementsOf(uids);
        assertThat(netbox.addressesTagged(tag)).hasSize(120);
        // and 120 UIDs looked up in chunks, each answered in pages
        Map<String, NetBoxAddress> found = owner.findByClaimUids(uids);
        assertThat(found).hasSize(120);
    }

    @Test
    void netBoxStoppedIsUnreachableAndWorksAgainWhenStarted() throws Exception {
        NetBoxPrefix prefix = newPrefix(24);
        String uid = uid();
        netbox.stopServer();
        try {
            NetBoxProblem down = problemOf(() -> client.findOrAllocate(prefix, AddressRequest.forClaim(uid)));
            assertThat(down).isInstanceOf(NetBoxProblem.Unreachable.class);
            assertThat(down.retryable()).isTrue();
            assertThat(down.message()).contains("unreachable").contains(netbox.url());
            assertThat(problemOf(client::check)).isInstanceOf(NetBoxProblem.Unreachable.class);
            assertThat(problemOf(() -> client.release(1))).isInstanceOf(NetBoxProblem.Unreachable.class);
        } finally {
            netbox.startServer();
        }
        NetBoxClient.Claimed claimed = client.findOrAllocate(prefix, AddressRequest.forClaim(uid));
        assertThat(claimed.existed()).isFalse();
        assertThat(claimUids(netbox.addressesIn(prefix.prefix()))).containsExactly(uid);
    }
}
