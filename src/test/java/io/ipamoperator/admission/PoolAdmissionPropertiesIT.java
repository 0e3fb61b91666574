package io.ipamoperator.admission;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.PoolSpecs;
import io.ipamoperator.testing.OperatorProcess;
import io.ipamoperator.testing.TestControlPlane;
import io.ipamoperator.testing.TestNamespaces;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated pool specs — valid, near-valid and garbage — sent through the real API server to the packaged operator's
 * webhooks: what the allocation core accepts (within the CRD's bounds) is admitted, anything else is refused with
 * a 4xx and a message; never a 5xx, never a crash.
 */
class PoolAdmissionPropertiesIT {

    private static KubernetesClient client;
    private static OperatorProcess operator;
    private static String namespace;
    private static final AtomicInteger POOLS = new AtomicInteger();

    @BeforeContainer
    static void startOperator() throws IOException {
        client = TestControlPlane.newClient();
        namespace = TestNamespaces.create(client, "admission-properties");
        int webhooks = OperatorProcess.freePort();
        operator = OperatorProcess.start(
                        "admission-properties",
                        TestControlPlane.workDir().resolve("kubeconfig"),
                        OperatorProcess.freePort(),
                        Map.of(
                                "IPAM_WEBHOOK_PORT",
                                Integer.toString(webhooks),
                                "IPAM_WEBHOOK_URL",
                                "https://127.0.0.1:" + webhooks))
                .awaitReady(Duration.ofMinutes(1));
        await().atMost(scaled(Duration.ofSeconds(30)))
                .until(() -> client.admissionRegistration()
                                .v1()
                                .validatingWebhookConfigurations()
                                .withName("ipam-operator-validating-webhook-configuration")
                                .get()
                        != null);
    }

    @AfterContainer
    static void stopOperator() {
        if (operator != null) {
            operator.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Property(tries = 200)
    void whatTheCoreAcceptsIsAdmittedAndEverythingElseRefusedWithA4xx(@ForAll("specs") IPPoolSpec spec) {
        boolean expected = withinSchema(spec)
                && IpPoolDefinition.validate(PoolSpecs.ipPool(spec, "default")).isValid();
        Statistics.label("spec").collect(expected ? "admissible" : "refusable");
        // at least 10 % of each, or the generator no longer probes both sides of the rule
        Statistics.label("spec").coverage(coverage -> {
            coverage.check("admissible").percentage(p -> p >= 10);
            coverage.check("refusable").percentage(p -> p >= 10);
        });
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName("p" + POOLS.incrementAndGet())
                .withNamespace(namespace)
                .build());
        pool.setSpec(spec);

        try {
            client.resource(pool).create();
            assertThat(expected)
                    .as("admitted, but the core refuses %s", describe(spec))
                    .isTrue();
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).as("%s: %s", describe(spec), e.getMessage()).isBetween(400, 499);
            assertThat(e.getStatus().getMessage()).isNotBlank();
            assertThat(expected)
                    .as("refused, but the core accepts %s: %s", describe(spec), e.getMessage())
                    .isFalse();
        }
        assertThat(operator.isAlive()).isTrue();
    }

    @Provide
    Arbitrary<IPPoolSpec> specs() {
        Arbitrary<String> entry = Arbitraries.frequencyOf(
                Tuple.of(6, ipv4()),
                Tuple.of(2, ipv4().map(a -> a + "/" + (20 + a.length() % 13))),
                Tuple.of(3, Combinators.combine(ipv4(), ipv4()).as((a, b) -> a + "-" + b)),
                Tuple.of(2, Arbitraries.integers().between(0, 0xffff).map(i -> "fd00::" + Integer.toHexString(i))),
                Tuple.of(1, Arbitraries.integers().between(0, 255).map(i -> "10.0.0.0" + i)), // leading zeros
                Tuple.of(1, Arbitraries.of("fe80::1%eth0", " 10.0.0.1", "10.0.0.1 ", "", "10.0.0.1/33", "::/0")),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(24)),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withCharRange('0', '9')
                                .withChars('.', ':', '/', '-')
                                .ofMaxLength(20)));
        Arbitrary<List<String>> addresses = Arbitraries.frequencyOf(
                Tuple.of(30, entry.list().ofMaxSize(5)),
                Tuple.of(1, ipv4().list().ofSize(IPPoolSpec.MAX_ENTRIES + 1)),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .ofLength(IPPoolSpec.MAX_ENTRY_LENGTH + 1)
                                .list()
                                .ofSize(1)));
        Arbitrary<Integer> prefix = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(16, 32)),
                Tuple.of(1, Arbitraries.integers().between(-3, 200)));
        Arbitrary<String> gateway = Arbitraries.oneOf(
                        ipv4(), Arbitraries.of("fd00::1", "banana", "10.0.0.1 ", "10.0.0.01"))
                .injectNull(0.4);
        return Combinators.combine(addresses, prefix, gateway).as(IPPoolSpec::new);
    }

    private static Arbitrary<String> ipv4() {
        return Arbitraries.integers().between(0, 255).map(i -> "10.0.0." + i);
    }

    /** The CRD's own bounds, which refuse before any webhook is asked. */
    private static boolean withinSchema(IPPoolSpec spec) {
        return spec.prefix >= 0
                && spec.prefix <= 128
                && spec.addresses.size() <= IPPoolSpec.MAX_ENTRIES
                && spec.addresses.stream().allMatch(a -> a.length() <= IPPoolSpec.MAX_ENTRY_LENGTH)
                && (spec.gateway == null || spec.gateway.length() <= IPPoolSpec.MAX_ADDRESS_LENGTH);
    }

    private static String describe(IPPoolSpec spec) {
        String addresses =
                spec.addresses.size() > 6 ? spec.addresses.size() + " addresses" : String.valueOf(spec.addresses);
        return addresses + " prefix " + spec.prefix + " gateway " + spec.gateway;
    }
}
