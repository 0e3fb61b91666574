package io.ipamoperator.localrun;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.arc.All;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The local run ({@code ./mvnw quarkus:dev}): with no {@code KUBECONFIG} and outside a cluster, the operator gets
 * its own control plane on this machine, with every CRD of {@code kubernetes/} installed and the objects of
 * {@code examples/} applied. With {@code KUBECONFIG} set (or in a pod) it uses that cluster and installs nothing.
 * Only in the dev profile; a production build never starts a control plane.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class LocalRun {

    private static final Logger LOG = Logger.getLogger(LocalRun.class);

    private LocalControlPlane controlPlane;

    @Produces
    @Singleton
    KubernetesClient kubernetesClient(
            KubernetesSerialization serialization, @All List<KubernetesConfigCustomizer> customizers) {
        // set up as Quarkus sets up its own client: the serialization it builds (the operator's customizers: unknown
        // fields), the configuration customizers (the client key's algorithm)
        if (System.getenv("KUBECONFIG") != null || System.getenv("KUBERNETES_SERVICE_HOST") != null) {
            LOG.info("Using the cluster of KUBECONFIG / the in-cluster configuration; installing nothing");
            return new KubernetesClientBuilder()
                    .withConfig(customized(Config.autoConfigure(null), customizers))
                    .withKubernetesSerialization(serialization)
                    .build();
        }
        Path project = Path.of("").toAbsolutePath();
        LOG.info("No KUBECONFIG: starting a local control plane (etcd, kube-apiserver, kube-controller-manager)");
        controlPlane = LocalControlPlane.start(project, project.resolve("target/local-control-plane"));
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(customized(controlPlane.clientConfig(), customizers))
                .withKubernetesSerialization(serialization)
                .build();
        Manifests manifests = new Manifests(client);
        manifests.applyDirectory(project.resolve("kubernetes/crds"));
        manifests.applyDirectory(project.resolve("kubernetes/dependencies"));
        manifests.awaitCrdsSettled();
        LOG.infof(
                "Local cluster ready. Try: KUBECONFIG=%s kubectl get inclusterippools,globalinclusterippools,ipaddressclaims,ipaddresses.ipam.cluster.x-k8s.io -A",
                controlPlane.kubeconfig());
        return client;
    }

    private static Config customized(Config config, List<KubernetesConfigCustomizer> customizers) {
        customizers.forEach(customizer -> customizer.customize(config));
        return config;
    }

    void applyExamples(@Observes StartupEvent startup, KubernetesClient client) {
        Path examples = Path.of("examples").toAbsolutePath();
        if (controlPlane != null && Files.isDirectory(examples)) {
            new Manifests(client).applyDirectory(examples);
        }
    }

    @PreDestroy
    void stop() {
        if (controlPlane != null) {
            LOG.info("Stopping the local control plane");
            controlPlane.close();
        }
    }
}
