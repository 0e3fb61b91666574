package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.runtime.InformerPaging;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Watches every IPAddress in the cluster (in the served contract version) and keeps the {@link AddressIndex}
 * current. Started once, by {@link IndexBuild}, which marks the index ready once the initial list is indexed.
 */
@ApplicationScoped
public class AddressInformer {

    private static final Logger LOG = Logger.getLogger(AddressInformer.class);

    private final KubernetesClient client;
    private final AddressIndex index;
    private final IpamContract contract;

    private volatile SharedIndexInformer<GenericKubernetesResource> informer;

    @Inject
    public AddressInformer(KubernetesClient client, AddressIndex index, IpamContract contract) {
        this.client = client;
        this.index = index;
        this.contract = contract;
    }

    /** Starts the informer unless it runs already; returns once the initial list is indexed. */
    synchronized void start() {
        if (informer != null) {
            return;
        }
        informer = retrying(client.genericKubernetesResources(contract.apiVersion(), "IPAddress")
                .inAnyNamespace()
                .withLimit(InformerPaging.LIST_LIMIT)
                .runnableInformer(0));
        AddressRecordCache cache = new AddressRecordCache();
        informer.itemStore(cache);
        informer.removeNamespaceIndex(); // nothing reads it; it kept a set entry per IPAddress
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource address) {
                index.upsert(cache.keyOf(address), cache.recordOf(address));
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource address) {
                index.upsert(cache.keyOf(address), cache.recordOf(address));
            }

            @Override
            public void onDelete(GenericKubernetesResource address, boolean finalStateUnknown) {
                index.remove(cache.keyOf(address), cache.recordOf(address));
            }
        });
        try {
            informer.start().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandonStart();
            throw new IllegalStateException("Interrupted while listing IPAddresses", e);
        } catch (ExecutionException | TimeoutException e) {
            abandonStart();
            throw new IllegalStateException(
                    "Could not list and watch IPAddresses (" + contract.apiVersion()
                            + "); check the operator's RBAC for ipaddresses",
                    e);
        }
        // The informer's store is complete now, but its handler calls may still be queued: index the store here so
        // no decision is made from a partial view (the queued calls repeat these upserts, which changes nothing).
        long indexing = System.nanoTime();
        cache.forEach(index::upsert);
        LOG.infof("Indexed %d IPAddress(es) in %d ms", cache.size(), (System.nanoTime() - indexing) / 1_000_000);
    }

    /**
     * True when the informer ran and has stopped for good (it retries list and watch errors, so only an object it
     * cannot read stops it): the index no longer follows the cluster and the process should be restarted.
     */
    public boolean hasStopped() {
        SharedIndexInformer<GenericKubernetesResource> current = informer;
        return current != null && index.readiness().isReady() && !current.isRunning();
    }

    /**
     * Makes the informer retry a failed list or watch, also before its first sync (a connection closed under it is
     * not retried by the Vert.x HTTP client, fabric8 issue 7450); only an object it cannot read stops it.
     */
    private static <T> SharedIndexInformer<T> retrying(SharedIndexInformer<T> informer) {
        return informer.exceptionHandler((started, error) -> !ExceptionHandler.isDeserializationException(error));
    }

    /** A failed start leaves nothing behind, so the next call tries again. */
    private void abandonStart() {
        informer.stop();
        informer = null;
    }

    @PreDestroy
    synchronized void stop() {
        if (informer != null) {
            informer.stop();
        }
    }
}
