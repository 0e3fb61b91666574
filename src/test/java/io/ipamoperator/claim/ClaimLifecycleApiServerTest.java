package io.ipamoperator.claim;

import static io.ipamoperator.claim.ClaimFixtures.address;
import static io.ipamoperator.claim.ClaimFixtures.claim;
import static io.ipamoperator.claim.ClaimFixtures.createClaim;
import static io.ipamoperator.claim.ClaimFixtures.getAddress;
import static io.ipamoperator.claim.ClaimFixtures.getClaim;
import static io.ipamoperator.claim.ClaimFixtures.globalPool;
import static io.ipamoperator.claim.ClaimFixtures.pool;
import static io.ipamoperator.claim.ClaimFixtures.ready;
import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.ClusterSpec;
import io.ipamoperator.api.capi.v1beta2.Cluster;
import io.ipamoperator.api.capi.v1beta2.IPAddress;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.ipamoperator.testing.TestNamespaces;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The claim contract against the real API server, v1beta2 (the version the test cluster prefers). */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class ClaimLifecycleApiServerTest {

    private static final Duration WAIT = scaled(Duration.ofSeconds(30));

    @Inject
    KubernetesClient client;

    private String namespace;

    @BeforeEach
    void namespace() {
        namespace = TestNamespaces.create(client, "claims");
    }

    @Test
    void claimGetsAnIPAddressWithTheContractsNamesOwnersFinalizerAndLabel() {
        InClusterIPPool pool =
                pool(client, namespace, "pool", new IPPoolSpec(List.of("10.1.0.10-10.1.0.20"), 24, "10.1.0.1"));
        IPAddressClaim claim = claim(namespace, "machine-a", "InClusterIPPool", "pool");
        claim.getMetadata().setLabels(Map.of(CapiNames.CLUSTER_NAME_LABEL, "c1"));
        cluster("c1", false);
        claim = client.resource(claim).create();

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "machine-a")).isEqualTo("True"));

        IPAddress address = getAddress(client, namespace, "machine-a");
        assertThat(address.getSpec().address).isEqualTo("10.1.0.10");
        assertThat(address.getSpec().prefix).isEqualTo(24);
        assertThat(address.getSpec().gateway).isEqualTo("10.1.0.1");
        assertThat(address.getSpec().claimRef.name).isEqualTo("machine-a");
        assertThat(address.getSpec().poolRef.kind).isEqualTo("InClusterIPPool");
        assertThat(address.getSpec().poolRef.name).isEqualTo("pool");
        assertThat(address.getMetadata().getFinalizers()).containsExactly(CapiNames.PROTECT_ADDRESS_FINALIZER);
        assertThat(address.getMetadata().getLabels()).containsEntry(CapiNames.CLUSTER_NAME_LABEL, "c1");
        assertThat(address.getMetadata().getOwnerReferences())
                .satisfiesExactlyInAnyOrder(
                        owner -> {
                            assertThat(owner.getKind()).isEqualTo("IPAddressClaim");
                            assertThat(owner.getUid())
                                    .isEqualTo(getClaim(client, namespace, "machine-a")
                                            .getMetadata()
                                            .getUid());
                            assertThat(owner.getController()).isTrue();
                            assertThat(owner.getBlockOwnerDeletion()).isTrue();
                        },
                        owner -> {
                            assertThat(owner.getKind()).isEqualTo("InClusterIPPool");
                            assertThat(owner.getUid())
                                    .isEqualTo(pool.getMetadata().getUid());
                            assertThat(owner.getController()).isFalse();
                            assertThat(owner.getBlockOwnerDeletion()).isTrue();
                        });
        IPAddressClaim bound = getClaim(client, namespace, "machine-a");
        assertThat(bound.getMetadata().getFinalizers()).contains(CapiNames.RELEASE_ADDRESS_FINALIZER);
        assertThat(bound.getStatus().addressRef.name).isEqualTo("machine-a");
    }

    @Test
    void claimsOfOtherProvidersAreNeverTouched() throws InterruptedException {
        pool(client, namespace, "pool", List.of("10.1.1.10-10.1.1.20"));
        client.resource(claim(namespace, "metal3", "IPPool", "pool")).create();
        IPAddressClaim otherGroup = claim(namespace, "other-group", "InClusterIPPool", "pool");
        otherGroup.getSpec().poolRef.apiGroup = "ipam.metal3.io";
        client.resource(otherGroup).create();
        createClaim(client, namespace, "ours", "pool");

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "ours")).isEqualTo("True"));
        Thread.sleep(500);

        for (String name : List.of("metal3", "other-group")) {
            IPAddressClaim claim = getClaim(client, namespace, name);
            assertThat(claim.getMetadata().getFinalizers()).isEmpty();
            assertThat(claim.getStatus()).isNull();
            assertThat(getAddress(client, namespace, name)).isNull();
        }
    }

    @Test
    void claimsGetTheLowestFreeAddressesInOrder() {
        pool(client, namespace, "pool", List.of("10.1.2.10-10.1.2.20"));
        for (int i = 0; i < 3; i++) {
            createClaim(client, namespace, "c" + i, "pool");
            int n = i;
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(ready(client, namespace, "c" + n)).isEqualTo("True"));
        }

        assertThat(List.of(
                        address(client, namespace, "c0"),
                        address(client, namespace, "c1"),
                        address(client, namespace, "c2")))
                .containsExactly("10.1.2.10", "10.1.2.11", "10.1.2.12");
    }

    @Test
    void claimsCreatedOneRightAfterAnotherGetAscendingAddressesEveryTime() {
        int claims = 8;
        for (int round = 0; round < 5; round++) {
            String pool = "order-" + round;
            pool(client, namespace, pool, List.of("10.1.20." + (round * 20 + 10) + "-10.1.20." + (round * 20 + 19)));
            for (int i = 0; i < claims; i++) {
                createClaim(client, namespace, pool + "-c" + i, pool); // one by one, none waited for
            }
            for (int i = 0; i < claims; i++) {
                String name = pool + "-c" + i;
                await().atMost(WAIT)
                        .untilAsserted(
                                () -> assertThat(ready(client, namespace, name)).isEqualTo("True"));
            }
            List<String> addresses = new java.util.ArrayList<>();
            for (int i = 0; i < claims; i++) {
                addresses.add(address(client, namespace, pool + "-c" + i));
            }
            List<String> expected = new java.util.ArrayList<>();
            for (int i = 0; i < claims; i++) {
                expected.add("10.1.20." + (round * 20 + 10 + i));
            }
            assertThat(addresses).as("round %d, in creation order", round).isEqualTo(expected);
        }
    }

    @Test
    void anUnboundClaimOfAPausedClusterIsDeletedAtOnce() {
        pool(client, namespace, "pool", List.of("10.1.21.10"));
        cluster("paused-for-deletion", true);
        reconciledClaimOfCluster("leaving", "paused-for-deletion");

        deleteAndAwaitGone("leaving");

        assertThat(getAddress(client, namespace, "leaving")).isNull();
    }

    @Test
    void anUnboundClaimOfAMissingClusterIsDeletedAtOnce() {
        pool(client, namespace, "pool", List.of("10.1.22.10"));
        reconciledClaimOfCluster("clusterless", "never-created");

        deleteAndAwaitGone("clusterless");
    }

    /** A claim on {@code pool} naming {@code cluster}, once it carries the operator's finalizer (reconciled). */
    private void reconciledClaimOfCluster(String name, String cluster) {
        IPAddressClaim claim = claim(namespace, name, "InClusterIPPool", "pool");
        claim.getSpec().clusterName = cluster;
        client.resource(claim).create();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                getClaim(client, namespace, name).getMetadata().getFinalizers())
                        .contains(CapiNames.RELEASE_ADDRESS_FINALIZER));
    }

    private void deleteAndAwaitGone(String name) {
        client.resource(getClaim(client, namespace, name)).delete();
        await().atMost(WAIT).until(() -> getClaim(client, namespace, name) == null);
    }

    @Test
    void aBoundClaimOfAClusterPausedSinceKeepsItsAddressWhenDeleted() throws InterruptedException {
        pool(client, namespace, "pool", List.of("10.1.23.10"));
        cluster("paused-later", false);
        IPAddressClaim claim = claim(namespace, "bound", "InClusterIPPool", "pool");
        claim.getSpec().clusterName = "paused-later";
        client.resource(claim).create();
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "bound")).isEqualTo("True"));
        client.resources(Cluster.class)
                .inNamespace(namespace)
                .withName("paused-later")
                .edit(c -> {
                    c.getSpec().paused = true;
                    return c;
                });
        Thread.sleep(1000); // the Cluster informer sees the pause

        client.resource(getClaim(client, namespace, "bound")).delete();
        Thread.sleep(2000);

        assertThat(getClaim(client, namespace, "bound")).isNotNull();
        assertThat(address(client, namespace, "bound")).isEqualTo("10.1.23.10");
    }

    @Test
    void globalPoolServesSameNamedClaimsFromSeveralNamespacesWithDistinctAddresses() {
        String other = TestNamespaces.create(client, "claims-other");
        String poolName = namespace + "-global";
        globalPool(client, poolName, List.of("10.1.3.10-10.1.3.20"));
        for (String ns : List.of(namespace, other)) {
            client.resource(claim(ns, "node", "GlobalInClusterIPPool", poolName))
                    .create();
        }

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ready(client, namespace, "node")).isEqualTo("True");
            assertThat(ready(client, other, "node")).isEqualTo("True");
        });
        assertThat(address(client, namespace, "node")).isNotEqualTo(address(client, other, "node"));
        assertThat(List.of(address(client, namespace, "node"), address(client, other, "node")))
                .containsExactlyInAnyOrder("10.1.3.10", "10.1.3.11");
    }

    @Test
    void exhaustedPoolSaysSoAndBindsTheWaitingClaimAsSoonAsAnAddressIsFreed() {
        pool(client, namespace, "tiny", List.of("10.1.4.10"));
        createClaim(client, namespace, "first", "tiny");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "first")).isEqualTo("True"));

        createClaim(client, namespace, "second", "tiny");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ready(client, namespace, "second"))
                        .isEqualTo("False:" + CapiNames.REASON_POOL_EXHAUSTED));

        client.resource(getClaim(client, namespace, "first")).delete();

        await().atMost(scaled(Duration.ofSeconds(10))).untilAsserted(() -> {
            assertThat(ready(client, namespace, "second")).isEqualTo("True");
            assertThat(address(client, namespace, "second")).isEqualTo("10.1.4.10");
        });
    }

    @Test
    void aClaimBoundAtItsFirstAttemptGetsNoEventAndOneThatWaitedGetsAWarningThenANormalOne()
            throws InterruptedException {
        createClaim(client, namespace, "waited", "late-pool");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ready(client, namespace, "waited"))
                        .isEqualTo("False:" + CapiNames.REASON_POOL_NOT_READY));
        pool(client, namespace, "late-pool", List.of("10.1.5.20-10.1.5.21"));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(eventTypes("waited")).containsExactlyInAnyOrder("Warning", "Normal"));
        // created once the pool is known to be ready (a claim created with its pool waits for it, and says so)
        createClaim(client, namespace, "direct", "late-pool");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "direct")).isEqualTo("True"));
        Thread.sleep(500); // an Event is recorded right after the status write, in the same reconcile
        assertThat(eventTypes("direct")).isEmpty();
    }

    private List<String> eventTypes(String claim) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(event -> claim.equals(event.getInvolvedObject().getName()))
                .map(io.fabric8.kubernetes.api.model.Event::getType)
                .toList();
    }

    @Test
    void claimForAMissingPoolWaitsWithPoolNotReadyAndBindsWhenThePoolAppears() {
        createClaim(client, namespace, "early", "later");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ready(client, namespace, "early"))
                        .isEqualTo("False:" + CapiNames.REASON_POOL_NOT_READY));

        pool(client, namespace, "later", List.of("10.1.5.10"));

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "early")).isEqualTo("True"));
    }

    @Test
    void pausedClaimIsLeftAloneUntilUnpaused() throws InterruptedException {
        pool(client, namespace, "pool", List.of("10.1.6.10"));
        IPAddressClaim claim = claim(namespace, "paused", "InClusterIPPool", "pool");
        claim.getMetadata().setAnnotations(Map.of(CapiNames.PAUSED_ANNOTATION, ""));
        client.resource(claim).create();
        Thread.sleep(2000);
        assertThat(getAddress(client, namespace, "paused")).isNull();

        client.resources(IPAddressClaim.class)
                .inNamespace(namespace)
                .withName("paused")
                .edit(c -> {
                    c.getMetadata().getAnnotations().remove(CapiNames.PAUSED_ANNOTATION);
                    return c;
                });

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "paused")).isEqualTo("True"));
    }

    @Test
    void claimOfAPausedClusterIsLeftAloneUntilTheClusterIsUnpaused() throws InterruptedException {
        pool(client, namespace, "pool", List.of("10.1.7.10"));
        cluster("paused-cluster", true);
        IPAddressClaim claim = claim(namespace, "member", "InClusterIPPool", "pool");
        claim.getSpec().clusterName = "paused-cluster";
        client.resource(claim).create();
        Thread.sleep(2000);
        assertThat(getAddress(client, namespace, "member")).isNull();

        client.resources(Cluster.class)
                .inNamespace(namespace)
                .withName("paused-cluster")
                .edit(c -> {
                    c.getSpec().paused = false;
                    return c;
                });

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "member")).isEqualTo("True"));
    }

    @Test
    void pausedPoolServesNothingUntilUnpaused() throws InterruptedException {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName("paused-pool")
                .withNamespace(namespace)
                .withAnnotations(Map.of(CapiNames.PAUSED_ANNOTATION, ""))
                .build());
        pool.setSpec(new IPPoolSpec(List.of("10.1.8.10"), 24, null));
        client.resource(pool).create();
        createClaim(client, namespace, "waiting", "paused-pool");
        Thread.sleep(2000);
        assertThat(getAddress(client, namespace, "waiting")).isNull();

        client.resources(InClusterIPPool.class)
                .inNamespace(namespace)
                .withName("paused-pool")
                .edit(p -> {
                    p.getMetadata().getAnnotations().remove(CapiNames.PAUSED_ANNOTATION);
                    return p;
                });

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "waiting")).isEqualTo("True"));
    }

    @Test
    void deletingAClaimReleasesItsAddressAndThePoolCountsIt() {
        pool(client, namespace, "pool", List.of("10.1.9.10-10.1.9.11"));
        createClaim(client, namespace, "gone", "pool");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "gone")).isEqualTo("True"));
        await().atMost(WAIT).until(() -> poolUsed("pool") == 1);

        client.resource(getClaim(client, namespace, "gone")).delete();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(getClaim(client, namespace, "gone")).isNull();
            assertThat(getAddress(client, namespace, "gone")).isNull();
            assertThat(poolUsed("pool")).isZero();
        });
    }

    @Test
    void gracePeriodKeepsTheAddressAfterTheClaimIsDeleted() {
        IPPoolSpec spec = new IPPoolSpec(List.of("10.1.10.10"), 24, null);
        spec.addressReuseGracePeriodSeconds = 4;
        pool(client, namespace, "graceful", spec);
        createClaim(client, namespace, "old-node", "graceful");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "old-node")).isEqualTo("True"));

        Instant deleted = Instant.now();
        client.resource(getClaim(client, namespace, "old-node")).delete();
        createClaim(client, namespace, "new-node", "graceful");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ready(client, namespace, "new-node"))
                        .isEqualTo("False:" + CapiNames.REASON_POOL_EXHAUSTED));
        assertThat(getAddress(client, namespace, "old-node")).isNotNull();
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "new-node")).isEqualTo("True"));
        assertThat(Duration.between(deleted, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(getClaim(client, namespace, "old-node")).isNull();
    }

    @Test
    void anExistingIPAddressOfTheClaimsPoolIsAdoptedWithItsAddress() {
        pool(client, namespace, "pool", List.of("10.1.11.10-10.1.11.20"));
        client.resource(ClaimFixtures.ipAddress(namespace, "restored", "InClusterIPPool", "pool", "10.1.11.15"))
                .create();

        createClaim(client, namespace, "restored", "pool");

        awaitAdopted("restored", "10.1.11.15");
        createClaim(client, namespace, "next", "pool");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(address(client, namespace, "next")).isEqualTo("10.1.11.10"));
    }

    @Test
    void anIPAddressRestoredBeforeItsPoolIsAdoptedOnceThePoolExists() {
        client.resource(ClaimFixtures.ipAddress(namespace, "early", "InClusterIPPool", "later", "10.1.15.15"))
                .create();
        createClaim(client, namespace, "early", "later");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ready(client, namespace, "early"))
                        .isEqualTo("False:" + CapiNames.REASON_POOL_NOT_READY));
        assertThat(getAddress(client, namespace, "early").getMetadata().getFinalizers())
                .isNullOrEmpty();

        pool(client, namespace, "later", List.of("10.1.15.10-10.1.15.20"));

        awaitAdopted("early", "10.1.15.15");
    }

    /** The claim is bound to its existing IPAddress, which keeps its address and now carries every mark. */
    private void awaitAdopted(String claim, String expectedAddress) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ready(client, namespace, claim)).isEqualTo("True");
            IPAddress address = getAddress(client, namespace, claim);
            assertThat(address.getSpec().address).isEqualTo(expectedAddress);
            assertThat(address.getMetadata().getFinalizers()).contains(CapiNames.PROTECT_ADDRESS_FINALIZER);
            assertThat(address.getMetadata().getOwnerReferences())
                    .extracting("kind")
                    .containsExactlyInAnyOrder("IPAddressClaim", "InClusterIPPool");
        });
    }

    @Test
    void aWrittenIPAddressDuplicatingAnEarlierOneIsDeletedAndItsClaimGetsAFreeAddress() {
        pool(client, namespace, "pool", List.of("10.1.14.10-10.1.14.20"));
        createClaim(client, namespace, "first", "pool");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(address(client, namespace, "first")).isEqualTo("10.1.14.10"));
        // written by someone else (a restore, a move) with an address the pool already gave out
        client.resource(ClaimFixtures.ipAddress(namespace, "late", "InClusterIPPool", "pool", "10.1.14.10"))
                .create();

        createClaim(client, namespace, "late", "pool");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ready(client, namespace, "late")).isEqualTo("True");
            assertThat(address(client, namespace, "late")).isEqualTo("10.1.14.11");
        });
        assertThat(address(client, namespace, "first")).isEqualTo("10.1.14.10");
        assertThat(getClaim(client, namespace, "first").getStatus().addressRef.name)
                .isEqualTo("first");
    }

    @Test
    void anExistingIPAddressOfAnotherPoolIsReportedNotOverwritten() {
        pool(client, namespace, "pool", List.of("10.1.12.10-10.1.12.20"));
        pool(client, namespace, "elsewhere", List.of("10.1.13.10-10.1.13.20"));
        client.resource(ClaimFixtures.ipAddress(namespace, "clash", "InClusterIPPool", "elsewhere", "10.1.13.12"))
                .create();

        createClaim(client, namespace, "clash", "pool");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ready(client, namespace, "clash")).isEqualTo("False:" + CapiNames.REASON_ALLOCATION_FAILED);
            assertThat(getClaim(client, namespace, "clash")
                            .getStatus()
                            .conditions
                            .get(0)
                            .getMessage())
                    .contains("belongs to InClusterIPPool elsewhere");
        });
        assertThat(address(client, namespace, "clash")).isEqualTo("10.1.13.12");
    }

    @Test
    void aPoolInUseIsKeptUntilItsLastAddressIsReleased() {
        InClusterIPPool pool = pool(client, namespace, "busy", List.of("10.1.14.10"));
        createClaim(client, namespace, "user", "busy");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(ready(client, namespace, "user")).isEqualTo("True"));

        client.resource(pool).delete();
        await().pollDelay(Duration.ofSeconds(1))
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                client.resource(pool).get().getMetadata().getDeletionTimestamp())
                        .isNotNull());
        assertThat(client.resource(pool).get()).isNotNull();

        client.resource(getClaim(client, namespace, "user")).delete();

        await().atMost(WAIT).until(() -> client.resource(pool).get() == null);
    }

    @Test
    void claimWhosePoolIsGoneCanStillBeDeleted() {
        createClaim(client, namespace, "orphan", "never-existed");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ready(client, namespace, "orphan"))
                        .isEqualTo("False:" + CapiNames.REASON_POOL_NOT_READY));

        client.resource(getClaim(client, namespace, "orphan")).delete();

        await().atMost(WAIT).until(() -> getClaim(client, namespace, "orphan") == null);
    }

    private long poolUsed(String name) {
        InClusterIPPool pool = client.resources(InClusterIPPool.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        return pool.getStatus() == null || pool.getStatus().ipAddresses == null
                ? -1
                : pool.getStatus().ipAddresses.used;
    }

    private void cluster(String name, boolean paused) {
        Cluster cluster = new Cluster();
        cluster.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        cluster.setSpec(new ClusterSpec());
        cluster.getSpec().paused = paused;
        client.resource(cluster).create();
    }
}
