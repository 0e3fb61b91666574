package io.ipamoperator.controlplane;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.ipamoperator.api.capi.ClusterSpec;
import io.ipamoperator.api.capi.ClusterStatus;
import io.ipamoperator.api.capi.v1beta2.Cluster;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.testing.TestControlPlane;
import io.ipamoperator.testing.TestNamespaces;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the test harness is a real API server, with the behaviour the fabric8 mock lacks: optimistic locking on
 * the status subresource, server-side apply, watches, and garbage collection by owner reference.
 */
class ControlPlaneSmokeApiServerTest {

    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void connect() {
        client = TestControlPlane.newClient();
        namespace = TestNamespaces.create(client, "smoke");
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void everyCrdIsInstalledAndServed() {
        assertThat(client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .list()
                        .getItems())
                .extracting(crd -> crd.getMetadata().getName())
                .contains(
                        "inclusterippools.ipam.cluster.x-k8s.io",
                        "globalinclusterippools.ipam.cluster.x-k8s.io",
                        "inclusterprefixpools.ipam.cluster.x-k8s.io",
                        "globalinclusterprefixpools.ipam.cluster.x-k8s.io",
                        "ipaddressclaims.ipam.cluster.x-k8s.io",
                        "ipaddresses.ipam.cluster.x-k8s.io",
                        "clusters.cluster.x-k8s.io",
                        "ionoscloudmachines.infrastructure.cluster.x-k8s.io");
        assertThat(client.resources(InClusterIPPool.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems())
                .isEmpty();
    }

    @Test
    void statusWriteWithStaleResourceVersionIsRejectedWithConflict() {
        // a Cluster: no controller of ours writes to it, so only this test moves its resourceVersion
        Cluster created = client.resource(cluster("stale")).create();
        Cluster first = client.resources(Cluster.class)
                .inNamespace(namespace)
                .withName("stale")
                .get();
        first.setStatus(clusterStatus("Provisioning"));
        client.resource(first).updateStatus();

        created.setStatus(clusterStatus("Provisioned")); // still carries the resourceVersion of before
        assertThatThrownBy(() -> client.resource(created).updateStatus())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
    }

    /** The machine reconciler's status patch relies on this: a resourceVersion in an apply is a precondition. */
    @Test
    void statusApplyWithStaleResourceVersionIsRejectedWithConflict() {
        client.resource(cluster("stale-apply")).create();
        Cluster first = client.resources(Cluster.class)
                .inNamespace(namespace)
                .withName("stale-apply")
                .get();
        first.setStatus(clusterStatus("Provisioning"));
        client.resource(first).updateStatus();

        Cluster patch = new Cluster();
        patch.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("stale-apply")
                .withNamespace(namespace)
                .withResourceVersion(first.getMetadata().getResourceVersion())
                .build());
        patch.setStatus(clusterStatus("Provisioned"));
        assertThatThrownBy(() -> client.resource(patch)
                        .subresource("status")
                        .patch(new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
                                .withFieldManager("smoke")
                                .withForce(true)
                                .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.SERVER_SIDE_APPLY)
                                .build()))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void serverSideApplyCreatesAndUpdatesAnObject() {
        ConfigMap applied = client.resource(configMap("applied", "one"))
                .fieldManager("smoke")
                .serverSideApply();
        assertThat(applied.getData()).containsEntry("value", "one");

        client.resource(configMap("applied", "two")).fieldManager("smoke").serverSideApply();

        assertThat(client.configMaps()
                        .inNamespace(namespace)
                        .withName("applied")
                        .get()
                        .getData())
                .containsEntry("value", "two");
    }

    @Test
    void watchDeliversAddedModifiedAndDeletedEvents() {
        List<Watcher.Action> events = new CopyOnWriteArrayList<>();
        try (var watch = client.configMaps()
                .inNamespace(namespace)
                .withName("watched")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                        events.add(action);
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
            client.resource(configMap("watched", "one")).create();
            client.configMaps().inNamespace(namespace).withName("watched").edit(cm -> {
                cm.getData().put("value", "two");
                return cm;
            });
            client.configMaps().inNamespace(namespace).withName("watched").delete();

            await().atMost(scaled(Duration.ofSeconds(10)))
                    .untilAsserted(() -> assertThat(events)
                            .containsExactly(Watcher.Action.ADDED, Watcher.Action.MODIFIED, Watcher.Action.DELETED));
        }
    }

    @Test
    void garbageCollectorDeletesObjectsWhoseOwnerIsGone() {
        ConfigMap owner = client.resource(configMap("owner", "x")).create();
        ConfigMap dependent = configMap("dependent", "y");
        dependent
                .getMetadata()
                .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("ConfigMap")
                        .withName("owner")
                        .withUid(owner.getMetadata().getUid())
                        .build()));
        client.resource(dependent).create();

        client.resource(owner).delete();

        await().atMost(scaled(Duration.ofSeconds(30)))
                .untilAsserted(() -> assertThat(client.configMaps()
                                .inNamespace(namespace)
                                .withName("dependent")
                                .get())
                        .isNull());
    }

    private static Cluster cluster(String name) {
        Cluster cluster = new Cluster();
        cluster.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        cluster.setSpec(new ClusterSpec());
        return cluster;
    }

    private static ClusterStatus clusterStatus(String phase) {
        ClusterStatus status = new ClusterStatus();
        status.field("phase", phase);
        return status;
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .addToData("value", value)
                .build();
    }
}
