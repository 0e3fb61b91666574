package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.v1beta2.IPAddress;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.ipamoperator.testing.TestNamespaces;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * 1000 claims created at once across 3 pools (two namespaced, one global) and 2 namespaces: every claim is bound,
 * no address is handed out twice, and every pool's counters are exact.
 */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class ClaimStormTest {

    private static final int CLAIMS = 1000;

    @Inject
    KubernetesClient client;

    @Test
    void thousandClaimsAtOnceAreAllBoundWithoutDuplicatesAndCountersAreExact() throws Exception {
        String first = TestNamespaces.create(client, "storm-a");
        String second = TestNamespaces.create(client, "storm-b");
        String global = first + "-global";
        ClaimFixtures.pool(client, first, "pool-a", new IPPoolSpec(List.of("10.20.0.0/22"), 22, null));
        ClaimFixtures.pool(client, second, "pool-b", new IPPoolSpec(List.of("10.21.0.0/22"), 22, null));
        GlobalInClusterIPPool globalPool = new GlobalInClusterIPPool();
        globalPool.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(global).build());
        globalPool.setSpec(new IPPoolSpec(List.of("10.22.0.0/22"), 22, null));
        client.resource(globalPool).create();

        ExecutorService creators = Executors.newFixedThreadPool(8);
        List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < CLAIMS; i++) {
            String namespace = i % 2 == 0 ? first : second;
            IPAddressClaim claim = switch (i % 3) {
                case 0 -> ClaimFixtures.claim(namespace, "claim-" + i, "GlobalInClusterIPPool", global);
                default -> ClaimFixtures.claim(namespace, "claim-" + i, "InClusterIPPool",
                        namespace.equals(first) ? "pool-a" : "pool-b");
            };
            created.add(creators.submit(() -> client.resource(claim).create()));
        }
        for (Future<?> future : created) {
            future.get();
        }
        creators.shutdown();

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(addresses(first).size() + addresses(second).size()).isEqualTo(CLAIMS));

        List<IPAddress> all = new ArrayList<>(addresses(first));
        all.addAll(addresses(second));
        Set<String> distinct = new HashSet<>();
        for (IPAddress address : all) {
            assertThat(distinct.add(address.getSpec().poolRef.name + "|" + address.getSpec().address))
                    .as("address %s of %s handed out twice", address.getSpec().address, address.getSpec().poolRef.name)
                    .isTrue();
        }
        long inPoolA = all.stream().filter(a -> a.getSpec().poolRef.name.equals("pool-a")).count();
        long inPoolB = all.stream().filter(a -> a.getSpec().poolRef.name.equals("pool-b")).count();
        long inGlobal = all.stream().filter(a -> a.getSpec().poolRef.name.equals(global)).count();
        assertThat(inPoolA + inPoolB + inGlobal).isEqualTo(CLAIMS);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertCounters(client.resources(InClusterIPPool.class).inNamespace(first).withName("pool-a").get()
                    .getStatus().ipAddresses, 1022, inPoolA);
            assertCounters(client.resources(InClusterIPPool.class).inNamespace(second).withName("pool-b").get()
                    .getStatus().ipAddresses, 1022, inPoolB);
            assertCounters(client.resources(GlobalInClusterIPPool.class).withName(global).get()
                    .getStatus().ipAddresses, 1022, inGlobal);
            for (String namespace : List.of(first, second)) {
                assertThat(client.resources(IPAddressClaim.class).inNamespace(namespace).list().getItems())
                        .allSatisfy(claim -> assertThat(claim.getStatus().addressRef.name)
                                .isEqualTo(claim.getMetadata().getName()));
            }
        });
    }

    private List<IPAddress> addresses(String namespace) {
        return client.resources(IPAddress.class).inNamespace(namespace).list().getItems();
    }

    private static void assertCounters(io.ipamoperator.api.pool.PoolAddressCounts counts, long total, long used) {
        assertThat(counts.total).isEqualTo(total);
        assertThat(counts.used).isEqualTo(used);
        assertThat(counts.free).isEqualTo(total - used);
        assertThat(counts.outOfRange).isZero();
    }
}
