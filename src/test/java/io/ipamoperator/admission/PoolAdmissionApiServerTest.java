package io.ipamoperator.admission;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.InClusterPrefixPool;
import io.ipamoperator.api.pool.PrefixPoolSpec;
import io.ipamoperator.claim.ClaimFixturesAccess;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.ipamoperator.testing.TestNamespaces;
import io.ipamoperator.testing.WebhooksProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool webhooks as a user meets them: the real API server calls the operator's webhooks (registered by URL,
 * served over TLS with the self-managed certificate) on every create, update and delete of a pool.
 */
@QuarkusTest
@TestProfile(WebhooksProfile.class)
@QuarkusTestResource(ControlPlaneTestResource.class)
class PoolAdmissionApiServerTest {

    @Inject
    KubernetesClient client;

    private String namespace;

    @BeforeEach
    void namespace() {
        namespace = TestNamespaces.create(client, "admission");
        await().atMost(scaled(Duration.ofSeconds(60)))
                .until(() -> client.admissionRegistration()
                                .v1()
                                .validatingWebhookConfigurations()
                                .withName("ipam-operator-validating-webhook-configuration")
                                .get()
                        != null);
    }

    @Test
    void aPoolWithABadAddressAndABadGatewayIsRefusedWithBothErrors() {
        assertThatThrownBy(() -> client.resource(ipPool("bad", List.of("not-an-ip"), 24, "banana"))
                        .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage())
                            .contains("validation.inclusterippool.ipam.cluster.x-k8s.io")
                            .contains("provided address is not a valid IP, range, nor CIDR")
                            .contains("ParseAddr(\"banana\"): unable to parse IP");
                    assertThat(e.getStatus().getDetails().getCauses()).hasSize(2);
                });
    }

    @Test
    void aValidPoolIsAdmitted() {
        InClusterIPPool created = client.resource(ipPool("good", List.of("10.0.0.10-10.0.0.20"), 24, "10.0.0.1"))
                .create();

        assertThat(created.getMetadata().getUid()).isNotBlank();
    }

    @Test
    void addressesOfMixedFamiliesAreRefused() {
        assertThatThrownBy(() -> client.resource(ipPool("mixed", List.of("10.0.0.1", "fd00::1"), 24, null))
                        .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("provided addresses are of mixed IP families");
                });
    }

    @Test
    void anAddressOutsideTheInferredSubnetIsRefused() {
        assertThatThrownBy(() -> client.resource(ipPool("split", List.of("10.0.0.1", "10.0.1.1"), 24, null))
                        .create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getMessage())
                                .contains("provided address belongs to a different subnet than others"));
    }

    @Test
    void aGlobalPoolIsValidatedToo() {
        GlobalInClusterIPPool pool = new GlobalInClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(namespace + "-global").build());
        pool.setSpec(new IPPoolSpec(List.of(), 24, null));

        assertThatThrownBy(() -> client.resource(pool).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("addresses is required");
                });
    }

    @Test
    void anUpdateThatStrandsAnAllocatedAddressIsRefused() {
        client.resource(ipPool("shrink", List.of("10.0.0.10-10.0.0.20"), 24, null))
                .create();
        bind("shrink", "first");

        assertThatThrownBy(
                        () -> patchSpec(InClusterIPPool.class, "shrink", "{\"addresses\": [\"10.0.0.15-10.0.0.20\"]}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getMessage())
                            .contains("pool addresses do not contain allocated addresses: [10.0.0.10]");
                });
    }

    @Test
    void aRangeInUseIsDrainedThenRemovedOnceEmptyWithoutTheStrandingRuleInTheWay() {
        client.resource(ipPool("drain", List.of("10.0.0.10-10.0.0.20", "10.0.0.30-10.0.0.40"), 24, null))
                .create();
        bind("drain", "first");

        patchSpec(InClusterIPPool.class, "drain", "{\"drainingAddresses\": [\"10.0.0.10-10.0.0.20\"]}");
        client.resource(ClaimFixturesAccess.claim(namespace, "second", "drain")).create();
        bound("second");
        assertThat(ClaimFixturesAccess.address(client, namespace, "second")).isEqualTo("10.0.0.30");
        client.resources(io.ipamoperator.api.capi.v1beta2.IPAddressClaim.class)
                .inNamespace(namespace)
                .withName("first")
                .delete();
        await().atMost(scaled(Duration.ofSeconds(60)))
                .until(
                        () -> { // the index saw the release: the drain is over
                            var status = client.resources(InClusterIPPool.class)
                                    .inNamespace(namespace)
                                    .withName("drain")
                                    .get()
                                    .getStatus();
                            return status != null
                                    && status.ipAddresses != null
                                    && Long.valueOf(0).equals(status.ipAddresses.draining);
                        });

        InClusterIPPool drained = patchSpec(
                InClusterIPPool.class,
                "drain",
                "{\"addresses\": [\"10.0.0.30-10.0.0.40\"], \"drainingAddresses\": null}");

        assertThat(drained.getSpec().addresses).containsExactly("10.0.0.30-10.0.0.40");
    }

    @Test
    void aPreAllocationOfAnAddressAnotherClaimHoldsIsRefusedNamingTheHolder() {
        client.resource(ipPool("pre", List.of("10.0.0.10-10.0.0.20"), 24, null)).create();
        bind("pre", "holder");

        assertThatThrownBy(() ->
                        patchSpec(InClusterIPPool.class, "pre", "{\"preAllocations\": {\"node-1\": \"10.0.0.10\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getMessage())
                            .contains("spec.preAllocations names addresses other claims hold: 10.0.0.10"
                                    + " (pre-allocated to " + namespace + "/node-1) is held by " + namespace
                                    + "/holder");
                });
        patchSpec(InClusterIPPool.class, "pre", "{\"preAllocations\": {\"holder\": \"10.0.0.10\"}}");
    }

    @Test
    void badPreAllocationsAndDrainingEntriesAreRefusedAtApplyWithTheirFields() {
        InClusterIPPool pool = ipPool("bad-extensions", List.of("10.0.0.10-10.0.0.20"), 24, "10.0.0.1");
        pool.getSpec().drainingAddresses = List.of("10.0.1.0/30");
        pool.getSpec().preAllocations = Map.of("a", "10.0.0.1", "ns/b", "10.0.0.12");

        assertThatThrownBy(() -> client.resource(pool).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage())
                            .contains("spec.drainingAddresses: Invalid value: \"10.0.1.0/30\": draining addresses"
                                    + " must be within addresses")
                            .contains("spec.preAllocations[a]: Invalid value: \"10.0.0.1\": 10.0.0.1 is the pool's"
                                    + " gateway")
                            .contains("spec.preAllocations[ns/b]: Invalid value: \"ns/b\": a pre-allocation is keyed"
                                    + " by the name of a claim in the pool's namespace");
                });
    }

    @Test
    void anUpdateThatKeepsEveryAllocatedAddressIsAdmitted() {
        client.resource(ipPool("grow", List.of("10.0.0.10-10.0.0.20"), 24, null))
                .create();
        bind("grow", "first");

        InClusterIPPool changed =
                patchSpec(InClusterIPPool.class, "grow", "{\"addresses\": [\"10.0.0.10-10.0.0.30\"]}");

        assertThat(changed.getSpec().addresses).containsExactly("10.0.0.10-10.0.0.30");
    }

    @Test
    void excludingAnAllocatedAddressIsRefused() {
        client.resource(ipPool("exclude", List.of("10.0.0.10-10.0.0.20"), 24, null))
                .create();
        bind("exclude", "first");

        assertThatThrownBy(
                        () -> patchSpec(InClusterIPPool.class, "exclude", "{\"excludedAddresses\": [\"10.0.0.10\"]}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(400));
    }

    @Test
    void aPoolInUseCannotBeDeleted() {
        client.resource(ipPool("in-use", List.of("10.0.0.10-10.0.0.20"), 24, null))
                .create();
        bind("in-use", "first");

        assertThatThrownBy(() -> client.resources(InClusterIPPool.class)
                        .inNamespace(namespace)
                        .withName("in-use")
                        .delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getMessage())
                            .contains("Pool has IPAddresses allocated. Cannot delete Pool until all IPAddresses"
                                    + " have been removed.");
                });
    }

    @Test
    void aPoolInUseCanBeDeletedWithTheSkipAnnotation() {
        deletionIsAllowedWith(CapiNames.SKIP_DELETE_VALIDATION_ANNOTATION);
    }

    @Test
    void aPoolInUseCanBeDeletedByClusterctlMove() {
        deletionIsAllowedWith(CapiNames.DELETE_FOR_MOVE_ANNOTATION);
    }

    @Test
    void anUnusedPoolCanBeDeleted() {
        client.resource(ipPool("unused", List.of("10.0.0.10-10.0.0.20"), 24, null))
                .create();

        assertThat(client.resources(InClusterIPPool.class)
                        .inNamespace(namespace)
                        .withName("unused")
                        .delete())
                .isNotEmpty();
    }

    @Test
    void aZeroAllocationPrefixLengthIsDefaultedTo64() {
        InClusterPrefixPool created =
                client.resource(prefixPool("zero", List.of("fd00:1::/48"), 0)).create();

        assertThat(created.getSpec().allocationPrefixLength).isEqualTo(64);
    }

    @Test
    void anIpv4PrefixPoolIsRefused() {
        assertThatThrownBy(() -> client.resource(prefixPool("v4", List.of("10.0.0.0/16"), 24))
                        .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("only IPv6 prefixes are supported");
                });
    }

    /**
     * An update that removes the low end of a pool races a storm of claims, round after round: whichever wins,
     * no IPAddress may end up outside the spec the API server finally stored.
     */
    @Test
    void anAdmittedShrinkNeverStrandsAnAddressAllocatedAtTheSameMoment() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 4; round++) {
                String pool = "race-" + round;
                client.resource(ipPool(pool, List.of("10.1." + round + ".1-10.1." + round + ".200"), 16, null))
                        .create();
                awaitPoolAccepted(pool);
                int finalRound = round;
                List<CompletableFuture<Void>> claims = IntStream.range(0, 40)
                        .mapToObj(i -> CompletableFuture.runAsync(
                                () -> client.resource(ClaimFixturesAccess.claim(namespace, pool + "-c" + i, pool))
                                        .create(),
                                workers))
                        .toList();
                try {
                    patchSpec(
                            InClusterIPPool.class,
                            pool,
                            "{\"addresses\": [\"10.1." + finalRound + ".21-10.1." + finalRound + ".200\"]}");
                } catch (KubernetesClientException refused) {
                    assertThat(refused.getCode()).isEqualTo(400);
                }
                CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new))
                        .get();
                IntStream.range(0, 40).forEach(i -> bound(pool + "-c" + i));

                InClusterIPPool stored = client.resources(InClusterIPPool.class)
                        .inNamespace(namespace)
                        .withName(pool)
                        .get();
                boolean shrunk = stored.getSpec().addresses.get(0).startsWith("10.1." + round + ".21");
                for (int i = 0; i < 40; i++) {
                    String address = ClaimFixturesAccess.address(client, namespace, pool + "-c" + i);
                    int last = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
                    assertThat(last)
                            .as("%s of %s (pool %s)", address, pool + "-c" + i, shrunk ? "shrunk" : "kept")
                            .isBetween(shrunk ? 21 : 1, 200);
                }
            }
        } finally {
            workers.shutdownNow();
        }
    }

    private void deletionIsAllowedWith(String annotation) {
        String name = "annotated-" + annotation.substring(0, annotation.indexOf('.'));
        InClusterIPPool pool = ipPool(name, List.of("10.0.0.10-10.0.0.20"), 24, null);
        pool.getMetadata().setAnnotations(Map.of(annotation, "true"));
        client.resource(pool).create();
        bind(name, "first");

        assertThat(client.resources(InClusterIPPool.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .delete())
                .isNotEmpty();
    }

    private void bind(String pool, String claim) {
        awaitPoolAccepted(pool);
        client.resource(ClaimFixturesAccess.claim(namespace, claim, pool)).create();
        bound(claim);
    }

    private void bound(String claim) {
        await().atMost(scaled(Duration.ofSeconds(60)))
                .until(() -> ClaimFixturesAccess.address(client, namespace, claim) != null);
    }

    private void awaitPoolAccepted(String pool) {
        await().atMost(scaled(Duration.ofSeconds(60))).until(() -> {
            InClusterIPPool current = client.resources(InClusterIPPool.class)
                    .inNamespace(namespace)
                    .withName(pool)
                    .get();
            return current.getStatus() != null && current.getStatus().ipAddresses != null;
        });
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T patchSpec(
            Class<T> type, String name, String spec) {
        return client.resources(type)
                .inNamespace(namespace)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + spec + "}");
    }

    private InClusterIPPool ipPool(String name, List<String> addresses, int prefix, String gateway) {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        pool.setSpec(new IPPoolSpec(addresses, prefix, gateway));
        return pool;
    }

    private InClusterPrefixPool prefixPool(String name, List<String> prefixes, Integer length) {
        InClusterPrefixPool pool = new InClusterPrefixPool();
        pool.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        PrefixPoolSpec spec = new PrefixPoolSpec();
        spec.prefixes = prefixes;
        spec.allocationPrefixLength = length;
        pool.setSpec(spec);
        return pool;
    }
}
