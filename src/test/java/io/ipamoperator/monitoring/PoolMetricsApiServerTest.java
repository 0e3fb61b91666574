package io.ipamoperator.monitoring;

import static io.ipamoperator.testing.Timeouts.scaled;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaimSpec;
import io.ipamoperator.api.capi.v1beta2.IPPoolReference;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.ipamoperator.testing.PrometheusScrape;
import io.ipamoperator.testing.TestNamespaces;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator runs against the real API server through one scenario — a pool in use with an out-of-range, a
 * duplicate and an orphaned IPAddress, an exhausted pool with waiting claims and a release, two overlapping pools,
 * a pool keeping a released address for its grace period, an invalid pool and a global pool — and its
 * {@code /q/metrics} output says exactly that.
 */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class PoolMetricsApiServerTest {

    static final String GROUP = "ipam.cluster.x-k8s.io";
    /** The last scrape of the scenario, for the monitoring-assets test to read. */
    static final Path SCRAPE = Path.of("target", "monitoring", "scenario-scrape.txt");

    private static String namespace;
    private static String globalPool;
    private static double refusedWriteErrors;
    private static io.fabric8.kubernetes.api.model.Condition refusedClaimReady;

    @Inject
    KubernetesClient client;

    @BeforeEach
    void scenario() throws IOException {
        if (namespace != null) {
            return;
        }
        namespace = TestNamespaces.create(client, "metrics");
        globalPool = namespace + "-global";

        IPPoolSpec main = new IPPoolSpec(List.of("198.51.100.10-198.51.100.19"), 24, "198.51.100.1");
        main.excludedAddresses = List.of("198.51.100.15");
        pool("main", main);
        pool("tiny", new IPPoolSpec(List.of("198.51.101.10"), 24, null));
        pool("left", new IPPoolSpec(List.of("198.51.102.10-198.51.102.20"), 24, null));
        pool("right", new IPPoolSpec(List.of("198.51.102.15-198.51.102.25"), 24, null));
        IPPoolSpec graceful = new IPPoolSpec(List.of("198.51.103.10-198.51.103.19"), 24, null);
        graceful.addressReuseGracePeriodSeconds = 3600;
        pool("graceful", graceful);
        pool("invalid", new IPPoolSpec(List.of("10.5.0.1", "fd00::1"), 24, null));
        GlobalInClusterIPPool global = new GlobalInClusterIPPool();
        global.setMetadata(new ObjectMetaBuilder().withName(globalPool).build());
        global.setSpec(new IPPoolSpec(List.of("2001:db8:6::/120"), 120, null));
        client.resource(global).create();

        claim("main-a", "InClusterIPPool", "main");
        claim("main-b", "InClusterIPPool", "main");
        awaitBound("main-a", "main-b");
        client.resource(ipAddress("ghost", "main", "198.51.100.200")).create(); // out of range, no claim
        client.resource(ipAddress("twin", "main", "198.51.100.10")).create(); // duplicate of main-a or main-b, no claim

        claim("tiny-a", "InClusterIPPool", "tiny");
        awaitBound("tiny-a");
        claim("tiny-b", "InClusterIPPool", "tiny");
        claim("tiny-c", "InClusterIPPool", "tiny");
        awaitMetric("ipam_pool_claims_waiting", pool("tiny"), 2);
        client.resource(getClaim("tiny-a")).delete();
        await().atMost(scaled(Duration.ofSeconds(30))).until(() -> boundCount("tiny-b", "tiny-c") == 1);

        claim("graceful-a", "InClusterIPPool", "graceful");
        awaitBound("graceful-a");
        client.resource(getClaim("graceful-a")).delete();

        claim("global-a", "GlobalInClusterIPPool", globalPool);
        awaitBound("global-a");

        refuseAddressesOfPool("refused");
        pool("refused", new IPPoolSpec(List.of("198.51.104.10-198.51.104.19"), 24, null));
        claim("refused-a", "InClusterIPPool", "refused");
        await().atMost(scaled(Duration.ofSeconds(30)))
                .untilAsserted(() -> assertThat(
                                scrape().value("ipam_allocations_total", with(pool("refused"), "result", "error")))
                        .isPresent());
        await().during(Duration.ofSeconds(4))
                .atMost(scaled(Duration.ofSeconds(6)))
                .until(() -> errors("refused") <= 4);
        refusedWriteErrors = errors("refused");
        await().atMost(scaled(Duration.ofSeconds(30)))
                .until(() -> readyOf("refused-a") != null
                        && "AllocationFailed".equals(readyOf("refused-a").getReason()));
        refusedClaimReady = readyOf("refused-a");
        client.resource(admissionPolicy()).delete();
        client.resource(admissionPolicyBinding()).delete();

        awaitMetric("ipam_pool_addresses_orphaned", pool("main"), 2);
        awaitMetric("ipam_pool_addresses_duplicate", pool("main"), 1);
        awaitMetric("ipam_pool_addresses_cooling_down", pool("graceful"), 1);
        awaitMetric("ipam_pool_overlapping_pools", pool("left"), 1);
        Files.createDirectories(SCRAPE.getParent());
        Files.writeString(SCRAPE, scrape().text());
    }

    @Test
    void aPoolInUseReportsCapacityUseReservedOutOfRangeAndUtilisation() {
        PrometheusScrape scrape = scrape();
        Map<String, String> main = pool("main");
        assertThat(scrape.value("ipam_pool_addresses_capacity", main)).contains(9.0);
        assertThat(scrape.value("ipam_pool_addresses_used", main)).contains(4.0);
        assertThat(scrape.value("ipam_pool_addresses_free", main)).contains(7.0);
        assertThat(scrape.value("ipam_pool_addresses_reserved", main)).contains(1.0);
        assertThat(scrape.value("ipam_pool_addresses_out_of_range", main)).contains(1.0);
        assertThat(scrape.value("ipam_pool_utilization_ratio", main).orElseThrow())
                .isCloseTo(2.0 / 9, within());
        assertThat(scrape.value("ipam_pool_ready", main)).contains(1.0);
        assertThat(scrape.samples("ipam_pool_addresses_used").stream()
                        .filter(s -> namespace.equals(s.labels().get("namespace"))
                                && "main".equals(s.labels().get("pool")))
                        .findFirst()
                        .orElseThrow()
                        .labels())
                .containsEntry("kind", "InClusterIPPool")
                .containsEntry("family", "ipv4");
    }

    @Test
    void duplicateAndOrphanedIpAddressesAreCounted() {
        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("ipam_pool_addresses_duplicate", pool("main"))).contains(1.0);
        assertThat(scrape.value("ipam_pool_addresses_orphaned", pool("main"))).contains(2.0);
        assertThat(scrape.value("ipam_pool_addresses_orphaned", pool("tiny"))).contains(0.0);
    }

    @Test
    void anExhaustedPoolReportsNoFreeAddressWaitingClaimsAndItsAttempts() {
        PrometheusScrape scrape = scrape();
        Map<String, String> tiny = pool("tiny");
        assertThat(scrape.value("ipam_pool_addresses_free", tiny)).contains(0.0);
        assertThat(scrape.value("ipam_pool_utilization_ratio", tiny)).contains(1.0);
        assertThat(scrape.value("ipam_pool_claims_waiting", tiny)).contains(1.0);
        assertThat(scrape.value("ipam_pool_claims_waiting_longest_seconds", tiny)
                        .orElseThrow())
                .isPositive();
        assertThat(scrape.value("ipam_allocations_total", with(tiny, "result", "allocated")))
                .contains(2.0);
        assertThat(scrape.value("ipam_allocations_total", with(tiny, "result", "exhausted"))
                        .orElseThrow())
                .isGreaterThanOrEqualTo(2.0);
        assertThat(scrape.value("ipam_releases_total", tiny)).contains(1.0);
    }

    @Test
    void bindLatencyAndDecisionTimeAreHistogramsPerPool() {
        PrometheusScrape scrape = scrape();
        Map<String, String> main = pool("main");
        assertThat(scrape.value("ipam_claim_bind_duration_seconds_count", main)).contains(2.0);
        assertThat(scrape.value("ipam_claim_bind_duration_seconds_bucket", with(main, "le", "+Inf")))
                .contains(2.0);
        assertThat(scrape.value("ipam_allocation_decision_duration_seconds_count", main))
                .contains(2.0);
        assertThat(scrape.samples("ipam_claim_bind_duration_seconds_bucket").stream()
                        .filter(s -> namespace.equals(s.labels().get("namespace"))
                                && "main".equals(s.labels().get("pool"))))
                .hasSizeLessThan(20);
    }

    @Test
    void overlappingPoolsCountEachOther() {
        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("ipam_pool_overlapping_pools", pool("left"))).contains(1.0);
        assertThat(scrape.value("ipam_pool_overlapping_pools", pool("right"))).contains(1.0);
        assertThat(scrape.value("ipam_pool_overlapping_pools", pool("main"))).contains(0.0);
    }

    @Test
    void anAddressInItsReuseGracePeriodIsCoolingDownAndStillUsed() {
        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("ipam_pool_addresses_cooling_down", pool("graceful")))
                .contains(1.0);
        assertThat(scrape.value("ipam_pool_addresses_used", pool("graceful"))).contains(1.0);
        assertThat(scrape.value("ipam_releases_total", pool("graceful"))).isEmpty();
    }

    @Test
    void anInvalidPoolIsNotReadyAndHasNoCapacity() {
        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("ipam_pool_ready", pool("invalid"))).contains(0.0);
        assertThat(scrape.value("ipam_pool_addresses_capacity", pool("invalid")))
                .contains(0.0);
        assertThat(scrape.value("ipam_pool_utilization_ratio", pool("invalid")).orElseThrow())
                .isNaN();
    }

    @Test
    void aGlobalPoolHasAnEmptyNamespaceLabelAndItsFamily() {
        PrometheusScrape scrape = scrape();
        Map<String, String> global =
                Map.of("pool", globalPool, "namespace", "", "kind", "GlobalInClusterIPPool", "family", "ipv6");
        assertThat(scrape.value("ipam_pool_addresses_capacity", global)).contains(255.0);
        assertThat(scrape.value("ipam_pool_addresses_used", global)).contains(1.0);
    }

    @Test
    void aFailedWriteCountsAsAnErrorAndAFailedReconciliation() {
        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("ipam_allocations_total", with(pool("refused"), "result", "error"))
                        .orElseThrow())
                .isGreaterThanOrEqualTo(1.0);
        assertThat(scrape.value(
                                "operator_sdk_controllers_execution_reconcile_failure_total",
                                Map.of("controller", "ipaddressclaim-v1beta2"))
                        .orElseThrow())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aRefusedWriteIsRetriedWithBackOffNotInALoop() {
        // the framework's retry waits 2 s, then 3 s: at most a handful of attempts in the 4 s the policy stood
        assertThat(refusedWriteErrors).isBetween(1.0, 4.0);
    }

    @Test
    void aRefusedWriteIsSaidOnTheClaimWithTheApiServersMessage() {
        assertThat(refusedClaimReady.getStatus()).isEqualTo("False");
        assertThat(refusedClaimReady.getReason()).isEqualTo("AllocationFailed");
        assertThat(refusedClaimReady.getMessage())
                .startsWith("the last attempt failed, retrying with back-off: ")
                .contains("addresses of pool refused are not allowed here");
    }

    private io.fabric8.kubernetes.api.model.Condition readyOf(String claim) {
        IPAddressClaim read = client.resources(IPAddressClaim.class)
                .inNamespace(namespace)
                .withName(claim)
                .get();
        return read == null || read.getStatus() == null || read.getStatus().conditions == null
                ? null
                : read.getStatus().conditions.stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .findFirst()
                        .orElse(null);
    }

    @Test
    void everyMetricTheDashboardAndTheAlertRulesUseIsInTheScrape() throws IOException {
        java.util.Set<String> scraped =
                PrometheusScrape.parse(Files.readString(SCRAPE)).names();
        String sources = Files.readString(Path.of("helm/ipam-operator/dashboards/ipam-operator.json"))
                + Files.readString(Path.of("kubernetes/monitoring/ipam-operator-rules.yaml"));
        List<String> used = java.util.regex.Pattern.compile("\\b(?:ipam|operator_sdk|jvm|process)_[a-z0-9_]+")
                .matcher(sources)
                .results()
                .map(java.util.regex.MatchResult::group)
                .distinct()
                .toList();

        assertThat(used)
                .contains(
                        "ipam_pool_utilization_ratio",
                        "ipam_claim_bind_duration_seconds_bucket",
                        "operator_sdk_controllers_execution_reconcile_failure_total");
        assertThat(used)
                .allSatisfy(name -> assertThat(scraped)
                        .as("metric used by the dashboard or alerts")
                        .contains(name));
    }

    @Test
    void aDeletedPoolLeavesNoSeriesBehind() {
        pool("gone", new IPPoolSpec(List.of("198.51.105.10-198.51.105.19"), 24, null));
        claim("gone-a", "InClusterIPPool", "gone");
        awaitBound("gone-a");
        assertThat(scrape().value("ipam_allocations_total", with(pool("gone"), "result", "allocated")))
                .contains(1.0);

        client.resource(getClaim("gone-a")).delete();
        client.resources(InClusterIPPool.class)
                .inNamespace(namespace)
                .withName("gone")
                .delete();

        await().atMost(scaled(Duration.ofSeconds(30)))
                .untilAsserted(() -> assertThat(scrape().samples().stream()
                                .filter(sample -> sample.name().startsWith("ipam_")
                                        && "gone".equals(sample.labels().get("pool"))
                                        && namespace.equals(sample.labels().get("namespace"))))
                        .isEmpty());
    }

    @Test
    void noSeriesNamesAClaimOrAnAddress() {
        PrometheusScrape scrape = scrape();
        assertThat(scrape.text())
                .doesNotContain("main-a")
                .doesNotContain("198.51.100.10")
                .doesNotContain("ghost");
    }

    @Test
    void theOperatorReportsItsRoleIndexAndReconcilerMetrics() {
        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("ipam_operator_leader", Map.of())).contains(1.0);
        assertThat(scrape.value("ipam_operator_index_ready", Map.of())).contains(1.0);
        assertThat(scrape.names()).anyMatch(name -> name.startsWith("operator_sdk_reconciliations"));
        assertThat(scrape.names()).contains("jvm_memory_used_bytes", "process_cpu_usage");
    }

    /** A ValidatingAdmissionPolicy (no webhook needed) that makes the operator's IPAddress writes fail for a pool. */
    private void refuseAddressesOfPool(String pool) {
        client.resource(admissionPolicy()).create();
        client.resource(admissionPolicyBinding()).create();
        await().atMost(scaled(Duration.ofSeconds(30))).until(() -> {
            try {
                client.resource(ipAddress("probe", pool, "198.51.104.99"))
                        .dryRun()
                        .create();
                return false;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException refused) {
                return true;
            }
        });
    }

    private io.fabric8.kubernetes.api.model.HasMetadata admissionPolicy() {
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %s-refuse}
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                      - apiGroups: [ipam.cluster.x-k8s.io]
                        apiVersions: ["*"]
                        operations: [CREATE]
                        resources: [ipaddresses]
                  validations:
                    - expression: "object.spec.poolRef.name != 'refused'"
                      message: addresses of pool refused are not allowed here
                """.formatted(namespace));
    }

    private io.fabric8.kubernetes.api.model.HasMetadata admissionPolicyBinding() {
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %s-refuse}
                spec:
                  policyName: %s-refuse
                  validationActions: [Deny]
                  matchResources:
                    namespaceSelector:
                      matchLabels: {kubernetes.io/metadata.name: %s}
                """.formatted(namespace, namespace, namespace));
    }

    private double errors(String pool) {
        return scrape().value("ipam_allocations_total", with(pool(pool), "result", "error"))
                .orElse(0.0);
    }

    static PrometheusScrape scrape() {
        return PrometheusScrape.parse(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private Map<String, String> pool(String name) {
        return Map.of("pool", name, "namespace", namespace);
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> more = new HashMap<>(labels);
        more.put(key, value);
        return more;
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    private void awaitMetric(String name, Map<String, String> labels, double value) {
        await().atMost(scaled(Duration.ofSeconds(30)))
                .untilAsserted(() -> assertThat(scrape().value(name, labels)).contains(value));
    }

    private void pool(String name, IPPoolSpec spec) {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        pool.setSpec(spec);
        client.resource(pool).create();
    }

    private void claim(String name, String kind, String pool) {
        IPAddressClaim claim = new IPAddressClaim();
        claim.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        IPAddressClaimSpec spec = new IPAddressClaimSpec();
        spec.poolRef = new IPPoolReference(GROUP, kind, pool);
        claim.setSpec(spec);
        client.resource(claim).create();
    }

    private IPAddressClaim getClaim(String name) {
        return client.resources(IPAddressClaim.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private long boundCount(String... claims) {
        return java.util.Arrays.stream(claims)
                .map(this::getClaim)
                .filter(claim -> claim != null && claim.getStatus() != null && claim.getStatus().addressRef != null)
                .count();
    }

    private void awaitBound(String... claims) {
        await().atMost(scaled(Duration.ofSeconds(30))).until(() -> boundCount(claims) == claims.length);
    }

    private GenericKubernetesResource ipAddress(String name, String pool, String address) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(GROUP + "/v1beta2");
        resource.setKind("IPAddress");
        resource.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        resource.setAdditionalProperty(
                "spec",
                Map.of(
                        "claimRef",
                        Map.of("name", name),
                        "poolRef",
                        Map.of("apiGroup", GROUP, "kind", "InClusterIPPool", "name", pool),
                        "address",
                        address,
                        "prefix",
                        24));
        return resource;
    }
}
