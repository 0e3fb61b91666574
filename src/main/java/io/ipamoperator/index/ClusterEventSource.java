package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ipamoperator.identity.ClusterApi;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Clusters as an informer event source of a controller whose primaries (claims, machines) name a Cluster in
 * their own namespace: a change of a Cluster reconciles exactly the primaries that name it, found through an index
 * of the controller's primary cache, and a reconcile reads its primary's Cluster with {@link #clusterOf}.
 */
public final class ClusterEventSource {

    public static final String NAME = "clusters";
    private static final String BY_CLUSTER = "by-cluster";

    private ClusterEventSource() {}

    /**
     * @param apiVersion the version the Clusters are served in ({@link ClusterApi})
     * @param clusterName the Cluster a primary names, if any (primaries that are not the controller's own return
     *     empty, so no Cluster change reaches them)
     */
    public static <P extends HasMetadata> InformerEventSource<GenericKubernetesResource, P> of(
            String apiVersion, EventSourceContext<P> context, Function<P, Optional<String>> clusterName) {
        var primaries = context.getPrimaryCache();
        primaries.addIndexer(
                BY_CLUSTER,
                primary -> clusterName
                        .apply(primary)
                        .map(name -> List.of(key(primary.getMetadata().getNamespace(), name)))
                        .orElse(List.of()));
        var configuration = InformerEventSourceConfiguration.from(
                        new GroupVersionKind(apiVersion, ClusterApi.KIND), context.getPrimaryResourceClass())
                .withName(NAME)
                .withSecondaryToPrimaryMapper(cluster -> primaries
                        .byIndex(
                                BY_CLUSTER,
                                key(
                                        cluster.getMetadata().getNamespace(),
                                        cluster.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((P primary) -> clusterName
                        .apply(primary)
                        .map(name -> Set.of(
                                new ResourceID(name, primary.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /** The Cluster the primary of this reconcile names, as the informer has it; empty if it does not exist. */
    public static Optional<GenericKubernetesResource> clusterOf(Context<?> context) {
        return context.getSecondaryResource(GenericKubernetesResource.class, NAME);
    }

    /** The Cluster {@code namespace/name} as the informer of this reconcile's controller has it. */
    @SuppressWarnings("unchecked")
    public static Optional<GenericKubernetesResource> cluster(Context<?> context, String namespace, String name) {
        var clusters = (InformerEventSource<GenericKubernetesResource, ?>)
                context.eventSourceRetriever().getEventSourceFor(GenericKubernetesResource.class, NAME);
        return clusters.get(new ResourceID(name, namespace));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
