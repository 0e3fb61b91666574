package io.ipamoperator.machine;

import static io.ipamoperator.machine.MachineFixtures.ipPool;
import static io.ipamoperator.machine.MachineFixtures.machine;
import static io.ipamoperator.machine.MachineFixtures.network;
import static io.ipamoperator.machine.MachineFixtures.networks;
import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.ClusterSpec;
import io.ipamoperator.api.capi.V1Beta1Condition;
import io.ipamoperator.api.capi.v1beta2.Cluster;
import io.ipamoperator.api.capi.v1beta2.IPAddress;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaimSpec;
import io.ipamoperator.api.capi.v1beta2.IPPoolReference;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.api.ionos.IonosCloudMachineStatus.NicInfo;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.ipamoperator.testing.TestNamespaces;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IonosCloudMachines against the real API server, from the seed example to deletion. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class IonosCloudMachineApiServerTest {

    private static final Duration WAIT = scaled(Duration.ofSeconds(30));

    @Inject
    KubernetesClient client;

    private String namespace;

    @BeforeEach
    void namespace() {
        namespace = TestNamespaces.create(client, "machines");
        Cluster cluster = new Cluster(); // the machines' Cluster: claims of a missing Cluster wait for it
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName("example")
                .withNamespace(namespace)
                .build());
        cluster.setSpec(new ClusterSpec());
        client.resource(cluster).create();
        pool("primary-node-ips", "10.40.0.10-10.40.0.20", 24);
        pool("additional-node-ips", "10.41.0.10-10.41.0.20", 24);
        pool("primary-node-ipv6", "fd00:40::10-fd00:40::20", 64);
    }

    @Test
    void seedExampleFromClaimsToDeletion() {
        IonosCloudMachine machine = machine(namespace, "example-machine");
        machine.getSpec().ipv4PoolRef = ipPool("primary-node-ips");
        machine.getSpec().additionalNetworks = networks(network(3, ipPool("additional-node-ips"), null));
        client.resource(machine).create();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition().status).isEqualTo("True");
            List<NicInfo> nics = get().getStatus().machineNetworkInfo.nicInfo;
            assertThat(nics).hasSize(2);
            assertThat(nics.get(0).primary).isTrue();
            assertThat(nics.get(0).ipv4Addresses).containsExactly("10.40.0.10");
            assertThat(nics.get(1).networkID).isEqualTo(3);
            assertThat(nics.get(1).ipv4Addresses).containsExactly("10.41.0.10");
        });
        IPAddressClaim claim = claim("nic-example-machine-ipv4");
        assertThat(claim.getMetadata().getFinalizers()).contains(IonosCloudMachine.FINALIZER);
        assertThat(claim.getMetadata().getLabels()).containsEntry("cluster.x-k8s.io/cluster-name", "example");
        assertThat(claim.getSpec().clusterName).isEqualTo("example");
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("IonosCloudMachine");
            assertThat(owner.getUid()).isEqualTo(get().getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        assertThat(claim("nic-example-machine-3-ipv4").getSpec().poolRef.name).isEqualTo("additional-node-ips");

        // dual stack
        edit(m -> m.getSpec().ipv6PoolRef = ipPool("primary-node-ipv6"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                get().getStatus().machineNetworkInfo.nicInfo.get(0).ipv6Addresses)
                        .containsExactly("fd00:40::10"));

        // network removal releases its claim and address
        edit(m -> m.getSpec().additionalNetworks = networks());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(claim("nic-example-machine-3-ipv4")).isNull();
            assertThat(address("nic-example-machine-3-ipv4")).isNull();
            assertThat(get().getStatus().machineNetworkInfo.nicInfo).hasSize(1);
        });

        // deletion leaves no claim, no IPAddress, and the pools empty
        client.resource(get()).delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(get()).isNull();
            assertThat(client.resources(IPAddressClaim.class)
                            .inNamespace(namespace)
                            .list()
                            .getItems())
                    .isEmpty();
            assertThat(client.resources(IPAddress.class)
                            .inNamespace(namespace)
                            .list()
                            .getItems())
                    .isEmpty();
            for (String pool : List.of("primary-node-ips", "additional-node-ips", "primary-node-ipv6")) {
                assertThat(client.resources(InClusterIPPool.class)
                                .inNamespace(namespace)
                                .withName(pool)
                                .get()
                                .getStatus()
                                .ipAddresses
                                .used)
                        .isZero();
            }
        });
    }

    @Test
    void aClaimOfTheExpectedNameThatIsNotTheMachinesIsReportedAndLeftAlone() {
        IPAddressClaim foreign = new IPAddressClaim();
        foreign.setMetadata(new ObjectMetaBuilder()
                .withName("nic-collide-ipv4")
                .withNamespace(namespace)
                .build());
        foreign.setSpec(new IPAddressClaimSpec());
        foreign.getSpec().poolRef =
                new IPPoolReference("ipam.cluster.x-k8s.io", "InClusterIPPool", "additional-node-ips");
        client.resource(foreign).create();
        IonosCloudMachine machine = machine(namespace, "collide");
        machine.getSpec().ipv4PoolRef = ipPool("primary-node-ips");
        client.resource(machine).create();

        await().atMost(WAIT).untilAsserted(() -> {
            V1Beta1Condition condition = condition("collide");
            assertThat(condition.status).isEqualTo("False");
            assertThat(condition.reason).isEqualTo("NameCollision");
            assertThat(condition.message).contains("nic-collide-ipv4");
        });
        assertThat(claim("nic-collide-ipv4").getMetadata().getOwnerReferences()).isEmpty();
        assertThat(claim("nic-collide-ipv4").getSpec().poolRef.name).isEqualTo("additional-node-ips");
    }

    @Test
    void aClaimWriteRefusedByAdmissionIsSaidOnTheMachineUntilItIsAllowed() {
        client.resource(refuseClaimsOf("refused")).create();
        client.resource(refusalBinding()).create();
        await().atMost(WAIT).until(this::refusedDryRun);
        IonosCloudMachine machine = machine(namespace, "refused");
        machine.getSpec().ipv4PoolRef = ipPool("primary-node-ips");
        client.resource(machine).create();

        await().atMost(WAIT).untilAsserted(() -> {
            V1Beta1Condition ready = condition("refused");
            assertThat(ready.status).isEqualTo("False");
            assertThat(ready.reason).isEqualTo("ReconcileFailed");
            assertThat(ready.message).contains("claims of machine refused are not allowed here");
        });

        client.resource(refusalBinding()).delete();
        client.resource(refuseClaimsOf("refused")).delete();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition("refused").status).isEqualTo("True"));
    }

    /** True once a claim of the refused machine is refused by the policy (policies take a moment to apply). */
    private boolean refusedDryRun() {
        var claim = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withApiVersion("ipam.cluster.x-k8s.io/v1beta2")
                .withKind("IPAddressClaim")
                .withNewMetadata()
                .withName("nic-refused-ipv4")
                .withNamespace(namespace)
                .endMetadata()
                .build();
        claim.setAdditionalProperty(
                "spec",
                Map.of("poolRef", Map.of("apiGroup", "ipam.cluster.x-k8s.io", "kind", "InClusterIPPool", "name", "x")));
        try {
            client.resource(claim).dryRun().create();
            return false;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException refused) {
            return refused.getCode() == 422 || refused.getCode() == 403 || refused.getCode() == 400;
        }
    }

    private io.fabric8.kubernetes.api.model.HasMetadata refuseClaimsOf(String machine) {
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %s-refuse-claims}
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                      - apiGroups: [ipam.cluster.x-k8s.io]
                        apiVersions: ["*"]
                        operations: [CREATE]
                        resources: [ipaddressclaims]
                  validations:
                    - expression: "!object.metadata.name.startsWith('nic-%s-')"
                      message: claims of machine %s are not allowed here
                """.formatted(namespace, machine, machine));
    }

    private io.fabric8.kubernetes.api.model.HasMetadata refusalBinding() {
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %s-refuse-claims}
                spec:
                  policyName: %s-refuse-claims
                  validationActions: [Deny]
                  matchResources:
                    namespaceSelector:
                      matchLabels: {kubernetes.io/metadata.name: %s}
                """.formatted(namespace, namespace, namespace));
    }

    @Test
    void theMachinesRequestedAddressesGoToItsPrimaryNicOnePerFamily() {
        IonosCloudMachine machine = machine(namespace, "pinned");
        machine.getMetadata()
                .setAnnotations(Map.of("ipam.cluster.x-k8s.io/requested-address", "fd00:40::17, 10.40.0.15"));
        machine.getSpec().ipv4PoolRef = ipPool("primary-node-ips");
        machine.getSpec().ipv6PoolRef = ipPool("primary-node-ipv6");
        machine.getSpec().additionalNetworks = networks(network(3, ipPool("additional-node-ips"), null));
        client.resource(machine).create();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(get("pinned").getStatus()).isNotNull();
            assertThat(get("pinned").getStatus().machineNetworkInfo).isNotNull();
            List<NicInfo> nics = get("pinned").getStatus().machineNetworkInfo.nicInfo;
            assertThat(nics).hasSize(2);
            assertThat(nics.get(0).ipv4Addresses).containsExactly("10.40.0.15");
            assertThat(nics.get(0).ipv6Addresses).containsExactly("fd00:40::17");
            assertThat(nics.get(1).ipv4Addresses).containsExactly("10.41.0.10");
        });
        assertThat(claim("nic-pinned-ipv4").getMetadata().getAnnotations())
                .containsEntry("ipam.cluster.x-k8s.io/requested-address", "10.40.0.15");
        assertThat(claim("nic-pinned-3-ipv4").getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void anExhaustedPoolIsReportedOnTheMachine() {
        pool("full", "10.42.0.10", 24);
        IonosCloudMachine first = machine(namespace, "first");
        first.getSpec().ipv4PoolRef = ipPool("full");
        client.resource(first).create();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition("first").status).isEqualTo("True"));

        IonosCloudMachine second = machine(namespace, "second");
        second.getSpec().ipv4PoolRef = ipPool("full");
        client.resource(second).create();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition("second").reason).isEqualTo("PoolExhausted"));
    }

    @Test
    void aMissingPoolIsReportedAndTheMachineIsBoundOnceThePoolExists() {
        IonosCloudMachine machine = machine(namespace, "early");
        machine.getSpec().ipv4PoolRef = ipPool("not-yet");
        client.resource(machine).create();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition("early").reason).isEqualTo("PoolNotFound"));

        pool("not-yet", "10.43.0.10", 24);

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition("early").status).isEqualTo("True"));
    }

    @Test
    void aNetworkIdListedTwiceIsReportedNotMerged() {
        IonosCloudMachine machine = machine(namespace, "twice");
        machine.getSpec().additionalNetworks =
                networks(network(5, ipPool("additional-node-ips"), null), network(5, ipPool("primary-node-ips"), null));
        client.resource(machine).create();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("twice").reason).isEqualTo("DuplicateNetworkID");
            assertThat(condition("twice").message).contains("networkID 5 is listed more than once");
        });
        assertThat(claim("nic-twice-5-ipv4")).isNull();
    }

    @Test
    void everyConditionChangeIsRecordedAsAnEvent() {
        IonosCloudMachine machine = machine(namespace, "observed");
        machine.getSpec().ipv4PoolRef = ipPool("primary-node-ips");
        client.resource(machine).create();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(client.v1()
                                .events()
                                .inNamespace(namespace)
                                .list()
                                .getItems())
                        .filteredOn(event ->
                                "observed".equals(event.getInvolvedObject().getName()))
                        .extracting(io.fabric8.kubernetes.api.model.Event::getReason)
                        .contains("WaitingForIPAddress", "IPAddressesBound"));
    }

    @Test
    void aPausedMachineGetsNoClaimsUntilUnpaused() throws InterruptedException {
        IonosCloudMachine machine = machine(namespace, "sleepy");
        machine.getMetadata().setAnnotations(Map.of("cluster.x-k8s.io/paused", ""));
        machine.getSpec().ipv4PoolRef = ipPool("primary-node-ips");
        client.resource(machine).create();
        Thread.sleep(2000);
        assertThat(claim("nic-sleepy-ipv4")).isNull();

        client.resources(IonosCloudMachine.class)
                .inNamespace(namespace)
                .withName("sleepy")
                .edit(m -> {
                    m.getMetadata().getAnnotations().remove("cluster.x-k8s.io/paused");
                    return m;
                });

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition("sleepy").status).isEqualTo("True"));
    }

    @Test
    void anAddressOfTheWrongFamilyIsReported() {
        IonosCloudMachine machine = machine(namespace, "mixed");
        machine.getSpec().ipv4PoolRef = ipPool("primary-node-ipv6"); // an IPv6 pool behind an ipv4PoolRef
        client.resource(machine).create();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("mixed").reason).isEqualTo("AddressFamilyMismatch");
            assertThat(condition("mixed").message).contains("nic-mixed-ipv4 got fd00:40::10, not an IPv4 address");
        });
    }

    @Test
    void aMachineOfAPausedClusterGetsNoClaimsUntilTheClusterIsUnpaused() throws InterruptedException {
        client.resources(Cluster.class)
                .inNamespace(namespace)
                .withName("example")
                .edit(c -> {
                    c.getSpec().paused = true;
                    return c;
                });
        IonosCloudMachine machine = machine(namespace, "held");
        machine.getSpec().ipv4PoolRef = ipPool("primary-node-ips");
        client.resource(machine).create();
        Thread.sleep(2000);
        assertThat(claim("nic-held-ipv4")).isNull();

        client.resources(Cluster.class)
                .inNamespace(namespace)
                .withName("example")
                .edit(c -> {
                    c.getSpec().paused = false;
                    return c;
                });

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition("held").status).isEqualTo("True"));
    }

    @Test
    void aProvisionedMachinesNetworkInfoIsLeftToTheInfrastructureProvider() {
        IonosCloudMachine machine = machine(namespace, "provisioned");
        machine.getSpec().ipv4PoolRef = ipPool("primary-node-ips");
        machine.getSpec().providerID = "ionos://0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f";
        client.resource(machine).create();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition("provisioned").status).isEqualTo("True"));
        assertThat(get("provisioned").getStatus().machineNetworkInfo).isNull();
    }

    private void pool(String name, String addresses, int prefix) {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        pool.setSpec(new IPPoolSpec(List.of(addresses), prefix, null));
        client.resource(pool).create();
    }

    private IonosCloudMachine get() {
        return get("example-machine");
    }

    private IonosCloudMachine get(String name) {
        return client.resources(IonosCloudMachine.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private void edit(java.util.function.Consumer<IonosCloudMachine> change) {
        client.resources(IonosCloudMachine.class)
                .inNamespace(namespace)
                .withName("example-machine")
                .edit(m -> {
                    change.accept(m);
                    return m;
                });
    }

    private V1Beta1Condition condition() {
        return condition("example-machine");
    }

    private V1Beta1Condition condition(String machine) {
        IonosCloudMachine current = get(machine);
        assertThat(current.getStatus()).isNotNull();
        return current.getStatus().conditions.stream()
                .filter(c -> c.type.equals("IPAddressesReady"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no IPAddressesReady condition"));
    }

    private IPAddressClaim claim(String name) {
        return client.resources(IPAddressClaim.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private IPAddress address(String name) {
        return client.resources(IPAddress.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }
}
