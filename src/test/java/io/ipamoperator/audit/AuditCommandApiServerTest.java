package io.ipamoperator.audit;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.GlobalInClusterPrefixPool;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.InClusterPrefixPool;
import io.ipamoperator.api.pool.PrefixPoolSpec;
import io.ipamoperator.claim.ClaimFixturesAccess;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.ipamoperator.testing.TestNamespaces;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leak audit against the real API server: a healthy pool, then the leaks a person meets after a restore or a
 * forced deletion — an IPAddress whose claim is gone, one outside its pool — reported as a table and as JSON; the
 * repair is a dry run until confirmed and then deletes the orphan only, never an address a live claim holds.
 */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class AuditCommandApiServerTest {

    @Inject
    KubernetesClient client;

    private String namespace;

    @BeforeEach
    void namespace() {
        namespace = TestNamespaces.create(client, "audit");
    }

    @Test
    void leaksAreReportedAndTheConfirmedRepairDeletesOnlyTheOrphan() throws Exception {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName("pool")
                .withNamespace(namespace)
                .build());
        pool.setSpec(new IPPoolSpec(List.of("10.8.0.10-10.8.0.20"), 24, null));
        client.resource(pool).create();
        client.resource(ClaimFixturesAccess.claim(namespace, "node", "pool")).create();
        await().atMost(scaled(Duration.ofSeconds(30)))
                .until(() -> "10.8.0.10".equals(ClaimFixturesAccess.address(client, namespace, "node")));
        assertThat(audit()).startsWith("0\n").contains("InClusterIPPool " + namespace + "/pool valid 1 0 0 0 0 0");

        GenericKubernetesResource orphan = ClaimFixturesAccess.ipAddress(namespace, "restored", "pool", "10.8.0.15");
        orphan.getMetadata().setFinalizers(List.of(CapiNames.PROTECT_ADDRESS_FINALIZER));
        client.resource(orphan).create();
        client.resource(ClaimFixturesAccess.ipAddress(namespace, "node-2", "pool", "10.8.0.99"))
                .create();
        client.resource(ClaimFixturesAccess.claim(namespace, "node-2", "pool")).create();

        await().atMost(scaled(Duration.ofSeconds(30)))
                .untilAsserted(() -> assertThat(audit())
                        .startsWith("1\n")
                        .contains("orphaned InClusterIPPool " + namespace + "/pool IPAddress " + namespace
                                + "/restored 10.8.0.15: its claim " + namespace + "/restored does not exist")
                        .contains("out-of-range InClusterIPPool " + namespace + "/pool IPAddress " + namespace
                                + "/node-2 10.8.0.99 is outside the pool's addresses"));

        JsonNode json = new ObjectMapper()
                .readTree(audit("--output", "json", "--repair").substring(2));
        JsonNode row = pool(json, "pool");
        assertThat(row.path("orphaned").asInt()).isEqualTo(1);
        assertThat(row.path("outOfRange").asInt()).isEqualTo(1);
        assertThat(json.path("repair")).singleElement().satisfies(action -> {
            assertThat(action.path("object").asText()).isEqualTo("IPAddress " + namespace + "/restored");
            assertThat(action.path("outcome").asText()).isEqualTo("would delete");
        });
        assertThat(address("restored")).isNotNull();

        assertThat(audit("--repair", "--confirm")).contains("deleted IPAddress " + namespace + "/restored");

        await().atMost(scaled(Duration.ofSeconds(30))).until(() -> address("restored") == null);
        assertThat(address("node")).isNotNull();
        assertThat(address("node-2")).isNotNull();
        assertThat(audit()).doesNotContain("orphaned InClusterIPPool " + namespace);
        await().atMost(scaled(Duration.ofSeconds(30)))
                .untilAsserted(() -> assertThat(io.ipamoperator.api.Conditions.find(
                                        client.resources(InClusterIPPool.class)
                                                .inNamespace(namespace)
                                                .withName("pool")
                                                .get()
                                                .getStatus()
                                                .conditions,
                                        "AddressesLeaked")
                                .getMessage())
                        .isEqualTo("1 IPAddress(es) outside the pool's addresses; the operator's 'audit' command"
                                + " lists them and can release the orphaned"));
    }

    @Test
    void anOrphanWhoseClaimAppearsBeforeTheRepairIsKept() {
        client.resource(ClaimFixturesAccess.ipAddress(namespace, "late", "nowhere", "10.8.1.5"))
                .create();
        AuditReport report = LeakAudit.audit(new ClusterReader(client).read());
        client.resource(ClaimFixturesAccess.claim(namespace, "late", "nowhere")).create();

        List<RepairAction> actions = new AuditRepair(client, io.ipamoperator.identity.IpamContract.discover(client))
                .repair(onlyIn(report), true);

        assertThat(actions).singleElement().satisfies(action -> {
            assertThat(action.outcome()).isEqualTo(RepairAction.Outcome.KEPT);
            assertThat(action.detail()).isEqualTo("its claim " + namespace + "/late exists now");
        });
        assertThat(address("late")).isNotNull();
    }

    @Test
    void theAuditReadsEveryPoolKindNamespacedAndClusterWide() {
        GlobalInClusterIPPool global = new GlobalInClusterIPPool();
        global.setMetadata(new ObjectMetaBuilder().withName(namespace + "-ips").build());
        global.setSpec(new IPPoolSpec(List.of("10.8.2.10-10.8.2.20"), 24, null));
        GlobalInClusterPrefixPool globalPrefixes = new GlobalInClusterPrefixPool();
        globalPrefixes.setMetadata(
                new ObjectMetaBuilder().withName(namespace + "-prefixes").build());
        globalPrefixes.setSpec(prefixes("fd00:8:1::/48"));
        InClusterPrefixPool prefixes = new InClusterPrefixPool();
        prefixes.setMetadata(new ObjectMetaBuilder()
                .withName("prefixes")
                .withNamespace(namespace)
                .build());
        prefixes.setSpec(prefixes("fd00:8:2::/48"));
        List.of(global, globalPrefixes, prefixes)
                .forEach(pool -> client.resource(pool).create());
        try {
            List<AuditInput.Pool> read = new ClusterReader(client).read().pools();

            assertThat(read)
                    .filteredOn(pool -> List.of(PoolId.of(global), PoolId.of(globalPrefixes), PoolId.of(prefixes))
                            .contains(pool.id()))
                    .hasSize(3)
                    .allSatisfy(pool -> assertThat(pool.layout()).isPresent());
        } finally {
            client.resource(global).delete();
            client.resource(globalPrefixes).delete();
        }
    }

    private static PrefixPoolSpec prefixes(String prefix) {
        PrefixPoolSpec spec = new PrefixPoolSpec();
        spec.prefixes = List.of(prefix);
        spec.allocationPrefixLength = 64;
        return spec;
    }

    /** The report narrowed to this test's namespace (other tests' objects live in the same cluster). */
    private AuditReport onlyIn(AuditReport report) {
        return new AuditReport(
                List.of(),
                report.findings().stream()
                        .filter(finding -> namespace.equals(finding.namespace()))
                        .toList());
    }

    /** "exit code\n" then what the command printed, its table columns separated by one space. */
    private String audit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AuditCommand.run(
                client, AuditCommand.Options.parse(List.of(args)), new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        if (!printed.startsWith("{")) {
            printed = printed.replaceAll(" {2,}", " ");
        }
        return onlyThisNamespacesLeaks(code, printed) + "\n" + printed;
    }

    /**
     * The exit code as if the cluster held only this test's namespace: other tests leave their own findings in the
     * shared cluster, so the code is recomputed from this namespace's lines.
     */
    private String onlyThisNamespacesLeaks(int code, String printed) {
        if (printed.startsWith("{")) {
            return Integer.toString(code);
        }
        boolean leak = printed.lines()
                .anyMatch(line -> line.contains(" " + namespace + "/")
                        && !line.startsWith("unbound")
                        && (line.startsWith("orphaned")
                                || line.startsWith("lost")
                                || line.startsWith("out-of-range")
                                || line.startsWith("duplicate")
                                || line.startsWith("missing-pool")));
        return leak ? "1" : "0";
    }

    private JsonNode pool(JsonNode report, String name) {
        for (JsonNode row : report.path("pools")) {
            if (namespace.equals(row.path("namespace").asText())
                    && name.equals(row.path("name").asText())) {
                return row;
            }
        }
        throw new AssertionError("no row for pool " + namespace + "/" + name + " in " + report);
    }

    private GenericKubernetesResource address(String name) {
        return client.genericKubernetesResources(CapiNames.IPAM_GROUP + "/v1beta2", "IPAddress")
                .inNamespace(namespace)
                .withName(name)
                .get();
    }
}
