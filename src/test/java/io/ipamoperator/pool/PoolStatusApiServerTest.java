package io.ipamoperator.pool;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.IPPools;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.InClusterPrefixPool;
import io.ipamoperator.api.pool.PrefixPoolSpec;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.ipamoperator.testing.TestNamespaces;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole operator against the real API server: pools get their finalizer, counters and Ready condition. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class PoolStatusApiServerTest {

    @Inject
    KubernetesClient client;

    private String namespace;

    @BeforeEach
    void namespace() {
        namespace = TestNamespaces.create(client, "pools");
    }

    @Test
    void operatorWritesCountersReadyConditionAndFinalizerOfAValidPool() {
        client.resource(ipPool(namespace, "valid", new IPPoolSpec(List.of("10.0.0.10-10.0.0.19"), 24, "10.0.0.1")))
                .create();

        await().atMost(scaled(Duration.ofSeconds(30))).untilAsserted(() -> {
            InClusterIPPool pool = client.resources(InClusterIPPool.class)
                    .inNamespace(namespace)
                    .withName("valid")
                    .get();
            assertThat(pool.getMetadata().getFinalizers()).containsExactly(IPPools.PROTECT_POOL_FINALIZER);
            assertThat(pool.getStatus()).isNotNull();
            assertThat(pool.getStatus().ipAddresses.total).isEqualTo(10);
            assertThat(pool.getStatus().ipAddresses.used).isZero();
            assertThat(pool.getStatus().ipAddresses.free).isEqualTo(10);
            assertThat(pool.getStatus().ipAddresses.outOfRange).isZero();
            assertThat(ready(pool.getStatus().conditions).getStatus()).isEqualTo("True");
        });
    }

    @Test
    void anInvalidPoolIsNotReadyAndSaysWhy() {
        client.resource(ipPool(namespace, "invalid", new IPPoolSpec(List.of("10.0.0.1", "fd00::1"), 24, null)))
                .create();

        await().atMost(scaled(Duration.ofSeconds(30))).untilAsserted(() -> {
            InClusterIPPool pool = client.resources(InClusterIPPool.class)
                    .inNamespace(namespace)
                    .withName("invalid")
                    .get();
            assertThat(pool.getStatus()).isNotNull();
            Condition ready = ready(pool.getStatus().conditions);
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("InvalidSpec");
            assertThat(ready.getMessage()).contains("provided addresses are of mixed IP families");
        });
    }

    @Test
    void hugeIpv6GlobalPoolCountsAreCappedAtInt64() {
        GlobalInClusterIPPool global = new GlobalInClusterIPPool();
        global.setMetadata(new ObjectMetaBuilder().withName(namespace + "-v6").build());
        global.setSpec(new IPPoolSpec(List.of("fd00::/48"), 48, null));
        client.resource(global).create();

        await().atMost(scaled(Duration.ofSeconds(30))).untilAsserted(() -> {
            var pool = client.resources(GlobalInClusterIPPool.class)
                    .withName(namespace + "-v6")
                    .get();
            assertThat(pool.getStatus()).isNotNull();
            assertThat(pool.getStatus().ipAddresses.total).isEqualTo(Long.MAX_VALUE);
            assertThat(pool.getStatus().ipAddresses.free).isEqualTo(Long.MAX_VALUE);
        });
        client.resource(global).delete();
    }

    @Test
    void prefixPoolCountsSubPrefixes() {
        InClusterPrefixPool prefixPool = new InClusterPrefixPool();
        prefixPool.setMetadata(new ObjectMetaBuilder()
                .withName("prefixes")
                .withNamespace(namespace)
                .build());
        PrefixPoolSpec spec = new PrefixPoolSpec();
        spec.prefixes = List.of("fd00:10::/56");
        spec.allocationPrefixLength = 64;
        prefixPool.setSpec(spec);
        client.resource(prefixPool).create();

        await().atMost(scaled(Duration.ofSeconds(30))).untilAsserted(() -> {
            var pool = client.resources(InClusterPrefixPool.class)
                    .inNamespace(namespace)
                    .withName("prefixes")
                    .get();
            assertThat(pool.getStatus()).isNotNull();
            assertThat(pool.getStatus().ipAddresses.total).isEqualTo(256);
        });
    }

    @Test
    void deletingAnUnusedPoolRemovesItsFinalizerAndThePool() {
        InClusterIPPool pool = client.resource(
                        ipPool(namespace, "doomed", new IPPoolSpec(List.of("10.0.0.10"), 24, null)))
                .create();
        await().atMost(scaled(Duration.ofSeconds(30)))
                .until(() -> !client.resource(pool)
                        .get()
                        .getMetadata()
                        .getFinalizers()
                        .isEmpty());

        client.resource(pool).delete();

        await().atMost(scaled(Duration.ofSeconds(30)))
                .until(() -> client.resource(pool).get() == null);
    }

    @Test
    void overlappingPoolsSayWhichPoolTheyOverlap() {
        client.resource(ipPool(namespace, "left", new IPPoolSpec(List.of("10.5.0.10-10.5.0.30"), 24, null)))
                .create();
        client.resource(ipPool(namespace, "right", new IPPoolSpec(List.of("10.5.0.25-10.5.0.40"), 24, null)))
                .create();

        await().atMost(scaled(Duration.ofSeconds(30))).untilAsserted(() -> {
            for (String[] pair : new String[][] {{"left", "right"}, {"right", "left"}}) {
                InClusterIPPool pool = client.resources(InClusterIPPool.class)
                        .inNamespace(namespace)
                        .withName(pair[0])
                        .get();
                assertThat(pool.getStatus()).isNotNull();
                Condition overlapping = Conditions.find(pool.getStatus().conditions, PoolDecider.OVERLAPPING);
                assertThat(overlapping).isNotNull();
                assertThat(overlapping.getStatus()).isEqualTo("True");
                assertThat(overlapping.getMessage())
                        .contains("6 address(es) with InClusterIPPool " + namespace + "/" + pair[1])
                        .contains("10.5.0.25-10.5.0.30");
            }
        });
    }

    @Test
    void duplicateAddressesCreatedOutOfBandAreReportedAndNeverHandedOutAgain() {
        client.resource(ipPool(namespace, "dups", new IPPoolSpec(List.of("10.6.0.10-10.6.0.11"), 24, null)))
                .create();
        for (String name : List.of("manual-1", "manual-2")) {
            client.resource(io.ipamoperator.claim.ClaimFixturesAccess.ipAddress(namespace, name, "dups", "10.6.0.10"))
                    .create();
        }

        await().atMost(scaled(Duration.ofSeconds(30))).untilAsserted(() -> {
            InClusterIPPool pool = client.resources(InClusterIPPool.class)
                    .inNamespace(namespace)
                    .withName("dups")
                    .get();
            assertThat(pool.getStatus()).isNotNull();
            Condition duplicates = Conditions.find(pool.getStatus().conditions, PoolDecider.DUPLICATE_ADDRESSES);
            assertThat(duplicates).isNotNull();
            assertThat(duplicates.getStatus()).isEqualTo("True");
            assertThat(duplicates.getMessage())
                    .contains("10.6.0.10 held by")
                    .contains("manual-1")
                    .contains("manual-2");
            assertThat(pool.getStatus().ipAddresses.used).isEqualTo(2);
            assertThat(pool.getStatus().ipAddresses.free).isEqualTo(1);
        });
        client.resource(io.ipamoperator.claim.ClaimFixturesAccess.claim(namespace, "third", "dups"))
                .create();
        await().atMost(scaled(Duration.ofSeconds(30)))
                .untilAsserted(
                        () -> assertThat(io.ipamoperator.claim.ClaimFixturesAccess.address(client, namespace, "third"))
                                .isEqualTo("10.6.0.11"));
    }

    static InClusterIPPool ipPool(String namespace, String name, IPPoolSpec spec) {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        pool.setSpec(spec);
        return pool;
    }

    static Condition ready(List<Condition> conditions) {
        Condition ready = Conditions.find(conditions, "Ready");
        assertThat(ready).as("Ready condition").isNotNull();
        return ready;
    }
}
