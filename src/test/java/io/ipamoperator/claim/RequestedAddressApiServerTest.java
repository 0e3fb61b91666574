package io.ipamoperator.claim;

import static io.ipamoperator.claim.ClaimFixtures.address;
import static io.ipamoperator.claim.ClaimFixtures.claim;
import static io.ipamoperator.claim.ClaimFixtures.createClaim;
import static io.ipamoperator.claim.ClaimFixtures.getClaim;
import static io.ipamoperator.claim.ClaimFixtures.pool;
import static io.ipamoperator.claim.ClaimFixtures.ready;
import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.v1beta2.IPAddress;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.InClusterPrefixPool;
import io.ipamoperator.api.pool.PoolAddressCounts;
import io.ipamoperator.api.pool.PrefixPoolSpec;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.ipamoperator.testing.TestNamespaces;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requested addresses, pre-allocations by claim name and draining ranges, against the real API server: a claim gets
 * exactly what it asks for or none, and says why; others keep getting the lowest free address.
 */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class RequestedAddressApiServerTest {

    private static final Duration WAIT = scaled(Duration.ofSeconds(30));

    @Inject
    KubernetesClient client;

    private String namespace;

    @BeforeEach
    void namespace() {
        namespace = TestNamespaces.create(client, "requests");
    }

    @Test
    void aClaimWithARequestedAddressGetsExactlyItAndOthersStillGetTheLowestFree() {
        pool(client, namespace, "pool", List.of("10.7.0.10-10.7.0.20"));
        requesting("vip", "pool", "10.7.0.15");
        createClaim(client, namespace, "plain", "pool");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(address(client, namespace, "vip")).isEqualTo("10.7.0.15");
            assertThat(address(client, namespace, "plain")).isEqualTo("10.7.0.10");
        });
        assertThat(ready(client, namespace, "vip")).isEqualTo("True");
    }

    @Test
    void aRequestedAddressHeldByAnotherClaimNamesTheHolderAndIsBoundAsSoonAsItIsReleased() {
        pool(client, namespace, "pool", List.of("10.7.1.10-10.7.1.20"));
        createClaim(client, namespace, "holder", "pool");
        await().atMost(WAIT).until(() -> "10.7.1.10".equals(address(client, namespace, "holder")));

        requesting("wants", "pool", "10.7.1.10");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(readyMessage("wants"))
                        .isEqualTo(
                                CapiNames.REASON_ALLOCATION_FAILED + ": 10.7.1.10, asked for by its requested-address"
                                        + " annotation, is held by IPAddress " + namespace
                                        + "/holder; the claim is bound to it as"
                                        + " soon as it is released"));
        assertThat(address(client, namespace, "wants")).isNull();

        client.resource(getClaim(client, namespace, "holder")).delete();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(address(client, namespace, "wants")).isEqualTo("10.7.1.10");
            assertThat(ready(client, namespace, "wants")).isEqualTo("True");
        });
    }

    @Test
    void aRequestedAddressThePoolCannotGiveIsRefusedSayingWhichRuleAndNoOtherIsAllocated() throws InterruptedException {
        pool(client, namespace, "pool", new IPPoolSpec(List.of("10.7.2.0/24"), 24, "10.7.2.1"));
        requesting("gateway", "pool", "10.7.2.1");
        requesting("outside", "pool", "10.7.3.5");
        requesting("other-family", "pool", "fd00::5");
        requesting("garbage", "pool", "ten.seven");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(readyMessage("gateway")).endsWith("10.7.2.1 is the pool's gateway");
            assertThat(readyMessage("outside")).endsWith("10.7.3.5 is outside the pool's addresses");
            assertThat(readyMessage("other-family")).endsWith("fd00::5 is not an IPv4 address, as the pool's are");
            assertThat(readyMessage("garbage"))
                    .isEqualTo(CapiNames.REASON_ALLOCATION_FAILED + ": the annotation"
                            + " ipam.cluster.x-k8s.io/requested-address=\"ten.seven\" is not an IP address (or, for a"
                            + " prefix pool, address/length)");
        });
        Thread.sleep(500);
        for (String claim : List.of("gateway", "outside", "other-family", "garbage")) {
            assertThat(address(client, namespace, claim)).as(claim).isNull();
        }
    }

    @Test
    void aPrefixPoolClaimGetsTheSubPrefixItRequests() {
        InClusterPrefixPool pool = new InClusterPrefixPool();
        pool.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("prefixes")
                .withNamespace(namespace)
                .build());
        pool.setSpec(new PrefixPoolSpec());
        pool.getSpec().prefixes = List.of("fd00:7::/48");
        pool.getSpec().allocationPrefixLength = 64;
        client.resource(pool).create();
        IPAddressClaim claim = claim(namespace, "routed", "InClusterPrefixPool", "prefixes");
        claim.getMetadata().setAnnotations(Map.of(CapiNames.REQUESTED_ADDRESS_ANNOTATION, "fd00:7:0:5::/64"));
        client.resource(claim).create();
        IPAddressClaim misaligned = claim(namespace, "misaligned", "InClusterPrefixPool", "prefixes");
        misaligned.getMetadata().setAnnotations(Map.of(CapiNames.REQUESTED_ADDRESS_ANNOTATION, "fd00:7:0:5::1"));
        client.resource(misaligned).create();

        await().atMost(WAIT).untilAsserted(() -> {
            IPAddress address = ClaimFixtures.getAddress(client, namespace, "routed");
            assertThat(address).isNotNull();
            assertThat(address.getSpec().address).isEqualTo("fd00:7:0:5::");
            assertThat(address.getSpec().prefix).isEqualTo(64);
            assertThat(readyMessage("misaligned")).endsWith("fd00:7:0:5::1/64 is not aligned to its prefix length");
        });
    }

    @Test
    void twoClaimsRequestingOneAddressAtOnceGetItOnceAndTheOtherWaitsForIt() {
        pool(client, namespace, "pool", List.of("10.7.4.10-10.7.4.20"));

        List<CompletableFuture<Void>> creates = IntStream.range(0, 2)
                .mapToObj(i -> CompletableFuture.runAsync(() -> requesting("racer-" + i, "pool", "10.7.4.12")))
                .toList();
        creates.forEach(CompletableFuture::join);

        await().atMost(WAIT).untilAsserted(() -> {
            List<String> states = List.of(ready(client, namespace, "racer-0"), ready(client, namespace, "racer-1"));
            assertThat(states).containsExactlyInAnyOrder("True", "False:" + CapiNames.REASON_ALLOCATION_FAILED);
        });
        List<String> addresses = new ArrayList<>(List.of(nullToEmpty("racer-0"), nullToEmpty("racer-1")));
        assertThat(addresses).containsExactlyInAnyOrder("10.7.4.12", "");
    }

    @Test
    void aPreAllocatedAddressWaitsForItsClaimAndComesBackToItAfterItIsDeletedAndRecreated() {
        IPPoolSpec spec = new IPPoolSpec(List.of("10.7.5.10-10.7.5.20"), 24, null);
        spec.preAllocations = Map.of("nic-m1-ipv4", "10.7.5.10");
        pool(client, namespace, "pool", spec);
        createClaim(client, namespace, "early", "pool");
        await().atMost(WAIT).until(() -> address(client, namespace, "early") != null);
        assertThat(address(client, namespace, "early")).isEqualTo("10.7.5.11");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(counts("pool").reserved).isEqualTo(1L));

        createClaim(client, namespace, "nic-m1-ipv4", "pool");
        await().atMost(WAIT).until(() -> "10.7.5.10".equals(address(client, namespace, "nic-m1-ipv4")));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(counts("pool").reserved).isZero());

        client.resource(getClaim(client, namespace, "nic-m1-ipv4")).delete();
        await().atMost(WAIT).until(() -> getClaim(client, namespace, "nic-m1-ipv4") == null);
        createClaim(client, namespace, "meanwhile", "pool");
        await().atMost(WAIT).until(() -> address(client, namespace, "meanwhile") != null);
        createClaim(client, namespace, "nic-m1-ipv4", "pool");

        await().atMost(WAIT).until(() -> "10.7.5.10".equals(address(client, namespace, "nic-m1-ipv4")));
        assertThat(address(client, namespace, "meanwhile")).isEqualTo("10.7.5.12");
    }

    @Test
    void aPreAllocatedClaimCreatedDuringAStormGetsItsAddressAndNoAddressIsHandedOutTwice() {
        IPPoolSpec spec = new IPPoolSpec(List.of("10.7.6.10-10.7.6.250"), 24, null);
        spec.preAllocations = Map.of("storm-25", "10.7.6.10");
        pool(client, namespace, "pool", spec);

        List<CompletableFuture<Void>> creates = IntStream.range(0, 50)
                .mapToObj(i -> CompletableFuture.runAsync(() -> createClaim(client, namespace, "storm-" + i, "pool")))
                .toList();
        creates.forEach(CompletableFuture::join);

        await().atMost(scaled(Duration.ofSeconds(60))).untilAsserted(() -> {
            for (int i = 0; i < 50; i++) {
                assertThat(ready(client, namespace, "storm-" + i))
                        .as("storm-" + i)
                        .isEqualTo("True");
            }
        });
        assertThat(address(client, namespace, "storm-25")).isEqualTo("10.7.6.10");
        List<String> all = IntStream.range(0, 50)
                .mapToObj(i -> address(client, namespace, "storm-" + i))
                .toList();
        assertThat(new HashSet<>(all)).hasSize(50);
    }

    @Test
    void aDrainingRangeKeepsItsAddressesGivesNoNewOneAndSaysWhenItIsEmpty() {
        pool(client, namespace, "pool", List.of("10.7.7.10-10.7.7.20"));
        createClaim(client, namespace, "old", "pool");
        await().atMost(WAIT).until(() -> "10.7.7.10".equals(address(client, namespace, "old")));

        client.resources(InClusterIPPool.class)
                .inNamespace(namespace)
                .withName("pool")
                .edit(pool -> {
                    pool.getSpec().drainingAddresses = List.of("10.7.7.10-10.7.7.14");
                    return pool;
                });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(counts("pool").draining).isEqualTo(1L);
            assertThat(poolCondition("pool", "Draining")).isEqualTo("True:AddressesHeld");
        });
        createClaim(client, namespace, "new", "pool");
        await().atMost(WAIT).until(() -> address(client, namespace, "new") != null);
        assertThat(address(client, namespace, "new")).isEqualTo("10.7.7.15");
        assertThat(address(client, namespace, "old")).isEqualTo("10.7.7.10");

        client.resource(getClaim(client, namespace, "old")).delete();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(counts("pool").draining).isZero();
            assertThat(poolCondition("pool", "Draining")).isEqualTo("False:DrainComplete");
            assertThat(client.v1().events().inNamespace(namespace).list().getItems().stream()
                            .filter(event ->
                                    "pool".equals(event.getInvolvedObject().getName()))
                            .map(Event::getReason))
                    .contains("DrainComplete");
        });
    }

    private void requesting(String name, String pool, String address) {
        IPAddressClaim claim = claim(namespace, name, "InClusterIPPool", pool);
        claim.getMetadata().setAnnotations(Map.of(CapiNames.REQUESTED_ADDRESS_ANNOTATION, address));
        client.resource(claim).create();
    }

    private String nullToEmpty(String claim) {
        String address = address(client, namespace, claim);
        return address == null ? "" : address;
    }

    /** The claim's Ready condition as "Reason: message", or null. */
    private String readyMessage(String claim) {
        IPAddressClaim found = getClaim(client, namespace, claim);
        if (found == null || found.getStatus() == null) {
            return null;
        }
        var ready = Conditions.find(found.getStatus().conditions, "Ready");
        return ready == null ? null : ready.getReason() + ": " + ready.getMessage();
    }

    private InClusterIPPool currentPool(String name) {
        return client.resources(InClusterIPPool.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private PoolAddressCounts counts(String name) {
        InClusterIPPool found = currentPool(name);
        return found.getStatus() == null || found.getStatus().ipAddresses == null
                ? new PoolAddressCounts()
                : found.getStatus().ipAddresses;
    }

    private String poolCondition(String name, String type) {
        InClusterIPPool found = currentPool(name);
        var condition = found.getStatus() == null ? null : Conditions.find(found.getStatus().conditions, type);
        return condition == null ? null : condition.getStatus() + ":" + condition.getReason();
    }
}
