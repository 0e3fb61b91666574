package io.ipamoperator.claim;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.v1beta2.IPAddress;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.PoolAddressCounts;
import io.ipamoperator.testing.TestNamespaces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A storm of claims: three /22 pools (one per namespace and one global, 1022 addresses each) and N claims created
 * at once from 8 threads, spread over two namespaces and the three pools; then the checks every storm test makes.
 * Two claims late in the storm ask for one address each: {@value #PRE_ALLOCATED_CLAIM} by pool-a's
 * {@code spec.preAllocations}, {@value #REQUESTING_CLAIM} by its requested-address annotation; whatever happens
 * to the operator meanwhile (a restart, a leader change, an API server outage), they get exactly those.
 */
public final class ClaimStorm {

    private static final long POOL_SIZE = 1022;
    static final String PRE_ALLOCATED_CLAIM = "claim-998";
    static final String PRE_ALLOCATED_ADDRESS = "10.20.3.250";
    static final String REQUESTING_CLAIM = "claim-997";
    static final String REQUESTED_ADDRESS = "10.21.3.200";

    private final KubernetesClient client;
    private final String first;
    private final String second;
    private final String global;

    private ClaimStorm(KubernetesClient client, String first, String second) {
        this.client = client;
        this.first = first;
        this.second = second;
        this.global = first + "-global";
    }

    /** Creates the pools (the claims come with {@link #createClaims}). */
    public static ClaimStorm prepare(KubernetesClient client, String name) {
        ClaimStorm storm = new ClaimStorm(
                client, TestNamespaces.create(client, name + "-a"), TestNamespaces.create(client, name + "-b"));
        IPPoolSpec poolA = new IPPoolSpec(List.of("10.20.0.0/22"), 22, null);
        poolA.preAllocations = Map.of(PRE_ALLOCATED_CLAIM, PRE_ALLOCATED_ADDRESS);
        ClaimFixtures.pool(client, storm.first, "pool-a", poolA);
        ClaimFixtures.pool(client, storm.second, "pool-b", new IPPoolSpec(List.of("10.21.0.0/22"), 22, null));
        GlobalInClusterIPPool pool = new GlobalInClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(storm.global).build());
        pool.setSpec(new IPPoolSpec(List.of("10.22.0.0/22"), 22, null));
        client.resource(pool).create();
        return storm;
    }

    public void createClaims(int count) throws Exception {
        createClaims(0, count);
    }

    /** Creates claims {@code claim-<from>} to {@code claim-<to - 1>}, spread as {@link #createClaims(int)} does. */
    public void createClaims(int from, int to) throws Exception {
        ExecutorService creators = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = from; i < to; i++) {
                String namespace = i % 2 == 0 ? first : second;
                IPAddressClaim claim = i % 3 == 0
                        ? ClaimFixtures.claim(namespace, "claim-" + i, "GlobalInClusterIPPool", global)
                        : ClaimFixtures.claim(
                                namespace,
                                "claim-" + i,
                                "InClusterIPPool",
                                namespace.equals(first) ? "pool-a" : "pool-b");
                if (claim.getMetadata().getName().equals(REQUESTING_CLAIM)) {
                    claim.getMetadata()
                            .setAnnotations(Map.of(CapiNames.REQUESTED_ADDRESS_ANNOTATION, REQUESTED_ADDRESS));
                }
                created.add(creators.submit(() -> client.resource(claim).create()));
            }
            for (Future<?> future : created) {
                future.get();
            }
        } finally {
            creators.shutdown();
        }
    }

    /** How many claims exist in the storm's namespaces. */
    public int claims() {
        return client.resources(IPAddressClaim.class)
                        .inNamespace(first)
                        .list()
                        .getItems()
                        .size()
                + client.resources(IPAddressClaim.class)
                        .inNamespace(second)
                        .list()
                        .getItems()
                        .size();
    }

    /** How many IPAddresses exist so far. */
    public int bound() {
        return addresses().size();
    }

    /** Every claim bound to its own IPAddress, no address twice in a pool, every pool's counters exact. */
    public void assertAllBoundWithoutDuplicates(int count, Duration timeout) {
        await().atMost(scaled(timeout))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(bound()).isEqualTo(count));
        List<IPAddress> all = addresses();
        Set<String> distinct = new HashSet<>();
        for (IPAddress address : all) {
            assertThat(distinct.add(address.getSpec().poolRef.name + "|" + address.getSpec().address))
                    .as("address %s of %s handed out twice", address.getSpec().address, address.getSpec().poolRef.name)
                    .isTrue();
        }
        if (count > 998) {
            assertThat(addressOf(all, first, PRE_ALLOCATED_CLAIM)).isEqualTo(PRE_ALLOCATED_ADDRESS);
            assertThat(addressOf(all, second, REQUESTING_CLAIM)).isEqualTo(REQUESTED_ADDRESS);
        }
        long inPoolA = count(all, "pool-a");
        long inPoolB = count(all, "pool-b");
        long inGlobal = count(all, global);
        assertThat(inPoolA + inPoolB + inGlobal).isEqualTo(count);
        await().atMost(scaled(Duration.ofSeconds(60))).untilAsserted(() -> {
            assertCounters(
                    client.resources(InClusterIPPool.class)
                            .inNamespace(first)
                            .withName("pool-a")
                            .get()
                            .getStatus()
                            .ipAddresses,
                    inPoolA);
            assertCounters(
                    client.resources(InClusterIPPool.class)
                            .inNamespace(second)
                            .withName("pool-b")
                            .get()
                            .getStatus()
                            .ipAddresses,
                    inPoolB);
            assertCounters(
                    client.resources(GlobalInClusterIPPool.class)
                            .withName(global)
                            .get()
                            .getStatus()
                            .ipAddresses,
                    inGlobal);
            for (String namespace : List.of(first, second)) {
                assertThat(client.resources(IPAddressClaim.class)
                                .inNamespace(namespace)
                                .list()
                                .getItems())
                        .allSatisfy(claim -> assertThat(Optional.ofNullable(claim.getStatus())
                                        .map(status -> status.addressRef)
                                        .map(ref -> ref.name))
                                .as(
                                        "%s is bound to its IPAddress (bound once the watch reports it, a moment after the"
                                                + " IPAddress exists)",
                                        claim.getMetadata().getName())
                                .contains(claim.getMetadata().getName()));
            }
        });
    }

    private List<IPAddress> addresses() {
        List<IPAddress> all = new ArrayList<>(
                client.resources(IPAddress.class).inNamespace(first).list().getItems());
        all.addAll(client.resources(IPAddress.class).inNamespace(second).list().getItems());
        return all;
    }

    private static String addressOf(List<IPAddress> addresses, String namespace, String claim) {
        return addresses.stream()
                .filter(address -> address.getMetadata().getNamespace().equals(namespace)
                        && address.getMetadata().getName().equals(claim))
                .map(address -> address.getSpec().address)
                .findFirst()
                .orElse(null);
    }

    private static long count(List<IPAddress> addresses, String pool) {
        return addresses.stream()
                .filter(address -> address.getSpec().poolRef.name.equals(pool))
                .count();
    }

    private static void assertCounters(PoolAddressCounts counts, long used) {
        assertThat(counts.total).isEqualTo(POOL_SIZE);
        assertThat(counts.used).isEqualTo(used);
        assertThat(counts.free).isEqualTo(POOL_SIZE - used);
        assertThat(counts.outOfRange).isZero();
    }
}
