package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ipamoperator.api.capi.CapiNames;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The Cluster API {@code Cluster}s, cached by an informer in the version the cluster prefers, so the paused
 * check costs no API call. Without Cluster API installed there are no clusters, and claims that name one wait.
 */
@ApplicationScoped
public class ClusterCache implements Cache {

    private static final Logger LOG = Logger.getLogger(ClusterCache.class);

    @Inject
    KubernetesClient client;

    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<GenericKubernetesResource> informer;
    private boolean started;

    /** A Cluster as the paused check sees it. */
    public record ClusterView(boolean paused) {}

    /** Tells {@code listener} (namespace, name) about every Cluster that appears, changes or goes away. */
    public void onChange(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    @Override
    public String name() {
        return "Clusters";
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        APIGroup group = client.getApiGroup(CapiNames.CLUSTER_GROUP);
        if (group == null || group.getPreferredVersion() == null) {
            started = true;
            LOG.warn("Cluster API's Cluster kind is not served: claims that name a cluster wait until it is");
            return;
        }
        String apiVersion = group.getPreferredVersion().getGroupVersion();
        informer = GenericInformers.start(client, apiVersion, "Cluster", this::changed);
        started = true; // only now: a failed start is tried again by the next caller
        LOG.infof("Watching Clusters in %s", apiVersion);
    }

    /** True when the Cluster informer ran and has stopped for good (only an unreadable object stops it). */
    @Override
    public boolean hasStopped() {
        SharedIndexInformer<GenericKubernetesResource> current = informer;
        return current != null && !current.isRunning();
    }

    public Optional<ClusterView> get(String namespace, String name) {
        if (informer == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name))
                .map(ClusterCache::view);
    }

    @SuppressWarnings("unchecked")
    private static ClusterView view(GenericKubernetesResource cluster) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        Map<String, Object> spec =
                (Map<String, Object>) cluster.getAdditionalProperties().getOrDefault("spec", Map.of());
        boolean paused = Boolean.TRUE.equals(spec.get("paused"))
                || (annotations != null && annotations.containsKey(CapiNames.PAUSED_ANNOTATION));
        return new ClusterView(paused);
    }

    private void changed(GenericKubernetesResource cluster) {
        listeners.forEach(l -> l.accept(
                cluster.getMetadata().getNamespace(), cluster.getMetadata().getName()));
    }

    @PreDestroy
    synchronized void stop() {
        if (informer != null) {
            informer.stop();
        }
    }
}
