package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Starts an informer over every object of a kind (all namespaces), for the caches that only need "it changed". */
public final class GenericInformers {

    private GenericInformers() {}

    /**
     * Makes the informer retry a failed list or watch, also before its first sync (a connection closed under it is
     * not retried by the Vert.x HTTP client, fabric8 issue 7450); only an object it cannot read stops it.
     */
    public static <T> SharedIndexInformer<T> retrying(SharedIndexInformer<T> informer) {
        return informer.exceptionHandler((started, error) -> !ExceptionHandler.isDeserializationException(error));
    }

    /**
     * Lists and watches {@code kind} in {@code apiVersion}, reporting every add, update and delete to
     * {@code changed}; returns once the initial list is in, or fails naming the kind (usually missing RBAC).
     */
    public static SharedIndexInformer<GenericKubernetesResource> start(
            KubernetesClient client, String apiVersion, String kind, Consumer<GenericKubernetesResource> changed) {
        SharedIndexInformer<GenericKubernetesResource> informer =
                retrying(client.genericKubernetesResources(apiVersion, kind)
                        .inAnyNamespace()
                        .runnableInformer(0));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource resource) {
                changed.accept(resource);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource resource) {
                changed.accept(resource);
            }

            @Override
            public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
                changed.accept(resource);
            }
        });
        try {
            informer.start().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing " + kind + " (" + apiVersion + ")", e);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Could not list and watch " + kind + " (" + apiVersion + "); check the operator's RBAC for it", e);
        }
        return informer;
    }
}
