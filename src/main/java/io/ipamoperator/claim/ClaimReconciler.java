package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.Clusters;
import io.ipamoperator.api.capi.PoolRefFields;
import io.ipamoperator.claim.ClaimFacts.ClusterState;
import io.ipamoperator.identity.ClusterApi;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.CachedClaim;
import io.ipamoperator.index.ClusterEventSource;
import io.ipamoperator.index.IndexNotReadyException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The claim reconciler, once per contract version: it reads the claim into a {@link ClaimView}, lets
 * {@link ClaimLifecycle} decide and act, and writes the decision in its version's status shape. The finalizer
 * {@code ipam.cluster.x-k8s.io/ReleaseAddress} is managed by the framework (it is this controller's finalizer
 * name); only claims of our pools ever reach this class.
 *
 * <p>Its event sources: the claims themselves; an informer of the Clusters (when Cluster API is installed) whose
 * changes reach exactly the claims of that Cluster, found through an index of the claim cache by Cluster; and the
 * in-process address index, which wakes a claim when its IPAddress or its pool changes.
 */
public abstract class ClaimReconciler<C extends HasMetadata> implements Reconciler<C>, Cleaner<C> {

    /** An index of the claim cache: the unbound claims of each pool (its {@link PoolId#toString()}). */
    private static final String UNBOUND_BY_POOL = "unbound-by-pool";

    private final ClaimLifecycle lifecycle;
    private final AddressIndex index;
    private final ClaimWaits waits;
    private final LiveClaims liveClaims;
    private final ClusterApi clusterApi;
    private final StatusEchoes echoes;
    protected final Clock clock;

    protected ClaimReconciler(Collaborators collaborators) {
        this.lifecycle = collaborators.lifecycle();
        this.index = collaborators.index();
        this.waits = collaborators.waits();
        this.liveClaims = collaborators.liveClaims();
        this.clusterApi = collaborators.clusterApi();
        this.echoes = collaborators.echoes();
        this.clock = collaborators.clock();
    }

    /** What both contract versions' reconcilers are built from; {@link ClaimControllers} has them injected. */
    public record Collaborators(
            ClaimLifecycle lifecycle,
            AddressIndex index,
            ClaimWaits waits,
            LiveClaims liveClaims,
            ClusterApi clusterApi,
            StatusEchoes echoes,
            Clock clock) {}

    /** {@code spec.poolRef}; null when the claim has no spec. */
    protected abstract PoolRefFields poolRef(C claim);

    /** {@code spec.clusterName}, if set. */
    protected abstract String specClusterName(C claim);

    /** {@code status.addressRef.name}, if set. */
    protected abstract Optional<String> addressRef(C claim);

    /** The {@code Ready} condition as this version writes it, or null. */
    protected abstract ReadyCondition ready(C claim);

    /** A new object carrying only the claim's identity and the status that records {@code decision}. */
    protected abstract C statusPatch(C claim, ClaimDecision decision);

    /** True when the claim's pool reference names one of our pool kinds. */
    protected boolean ours(C claim) {
        return OurPoolFilter.namesOurPool(poolRef(claim));
    }

    /** The claim as the lifecycle reads it. */
    protected ClaimView view(C claim) {
        var metadata = claim.getMetadata();
        PoolRefFields ref = poolRef(claim);
        return new ClaimView(
                claim.getApiVersion(),
                metadata.getNamespace(),
                metadata.getName(),
                metadata.getUid(),
                metadata.getLabels(),
                metadata.getAnnotations(),
                instant(metadata.getCreationTimestamp()),
                instant(metadata.getDeletionTimestamp()),
                clusterName(claim),
                ref.apiGroup(),
                ref.kind(),
                ref.name(),
                addressRef(claim),
                ready(claim));
    }

    @Override
    public List<EventSource<?, C>> prepareEventSources(EventSourceContext<C> context) {
        var claims = context.getPrimaryCache();
        liveClaims.use(claims, store(context), this::cached);
        claims.addIndexer(
                UNBOUND_BY_POOL, claim -> unboundPool(claim).map(List::of).orElse(List.of()));
        List<EventSource<?, C>> sources = new ArrayList<>();
        sources.add(new ClaimWakeupEventSource<>(index, waits, claims, this::ours));
        clusterApi
                .apiVersion()
                .ifPresent(apiVersion -> sources.add(ClusterEventSource.of(
                        apiVersion, context, claim -> ours(claim) ? clusterName(claim) : Optional.empty())));
        return sources;
    }

    /** The claim as other controllers read it from {@link LiveClaims}. */
    CachedClaim cached(C claim) {
        var metadata = claim.getMetadata();
        PoolRefFields ref = poolRef(claim);
        OwnerReference controller = LiveClaims.controller(claim).orElse(null);
        ReadyCondition ready = ready(claim);
        return new CachedClaim(
                metadata.getNamespace(),
                metadata.getName(),
                controller == null ? null : controller.getKind(),
                controller == null ? null : controller.getName(),
                controller == null ? null : controller.getUid(),
                ref == null ? null : ref.apiGroup(),
                ref == null ? null : ref.kind(),
                ref == null ? null : ref.name(),
                addressRef(claim).orElse(null),
                ready == null ? null : ready.status() ? Conditions.TRUE : Conditions.FALSE,
                ready == null ? null : ready.reason(),
                ready == null ? null : ready.message(),
                metadata.getDeletionTimestamp() != null);
    }

    /** The controller's informer cache, which both versions declare ({@code @Informer(itemStore = ClaimStore.class)}). */
    @SuppressWarnings("unchecked")
    private static <C extends HasMetadata> ClaimStore<C> store(EventSourceContext<C> context) {
        if (context.getControllerConfiguration().getInformerConfig().getItemStore() instanceof ClaimStore<?> store) {
            return (ClaimStore<C>) store;
        }
        throw new IllegalStateException("the claim controller's informer must keep its claims in a ClaimStore");
    }

    @Override
    public UpdateControl<C> reconcile(C claim, Context<C> context) {
        ClaimView view = view(claim);
        ClaimDecision decision = lifecycle.bind(view, cluster(view, context), queue(context));
        UpdateControl<C> control = decision.kind() == ClaimDecision.Kind.STATUS && changes(view, decision)
                ? UpdateControl.patchStatus(writing(claim, decision))
                : UpdateControl.noUpdate();
        decision.requeueAfter().ifPresent(after -> control.rescheduleAfter(after.toMillis()));
        return control;
    }

    @Override
    public DeleteControl cleanup(C claim, Context<C> context) {
        ClaimView view = view(claim);
        ClaimDecision decision = lifecycle.release(view, cluster(view, context));
        if (decision.kind() == ClaimDecision.Kind.RELEASED) {
            echoes.forget(view.key());
            return DeleteControl.defaultDelete();
        }
        DeleteControl keep = DeleteControl.noFinalizerRemoval();
        decision.requeueAfter().ifPresent(after -> keep.rescheduleAfter(after.toMillis()));
        return keep;
    }

    /**
     * A reconcile failed (an IPAddress write refused by admission, the API server unreachable, ...): the claim says
     * so in its {@code Ready} condition (reason {@code AllocationFailed}, the API server's message), and the
     * framework retries with back-off. Not while the index is still being built: that is no fault of the claim.
     */
    @Override
    public ErrorStatusUpdateControl<C> updateErrorStatus(C claim, Context<C> context, Exception e) {
        if (e instanceof IndexNotReadyException) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        ClaimView view = view(claim);
        ClaimDecision failed = ClaimDecision.notReady(
                view.addressRef(),
                CapiNames.REASON_ALLOCATION_FAILED,
                "the last attempt failed, retrying with back-off: " + e.getMessage());
        return changes(view, failed)
                ? ErrorStatusUpdateControl.patchStatus(writing(claim, failed))
                : ErrorStatusUpdateControl.noStatusUpdate();
    }

    private C writing(C claim, ClaimDecision decision) {
        echoes.writing(ClaimView.key(claim.getMetadata()), decision);
        return statusPatch(claim, decision);
    }

    /** The Cluster a claim names (this reconcile's claim or another) as the Cluster informer has it. */
    private ClusterState cluster(ClaimView view, Context<C> context) {
        if (view.clusterName().isEmpty()) {
            return ClusterState.NONE;
        }
        if (clusterApi.apiVersion().isEmpty()) {
            return ClusterState.MISSING;
        }
        return ClusterEventSource.cluster(
                        context, view.namespace(), view.clusterName().get())
                .map(found -> Clusters.paused(found) ? ClusterState.PAUSED : ClusterState.ACTIVE)
                .orElse(ClusterState.MISSING);
    }

    /** The other claims of a pool and their Clusters, from this controller's caches. */
    private ClaimQueue queue(Context<C> context) {
        return new ClaimQueue() {
            @Override
            public List<ClaimView> unboundClaimsOf(PoolId pool) {
                return context.getPrimaryCache().byIndex(UNBOUND_BY_POOL, poolKey(pool)).stream()
                        .map(ClaimReconciler.this::view)
                        .toList();
            }

            @Override
            public ClusterState clusterOf(ClaimView claim) {
                return cluster(claim, context);
            }
        };
    }

    /** The pool of a claim of ours that has no address yet and is not being deleted, as an index key. */
    private Optional<String> unboundPool(C claim) {
        if (!ours(claim)
                || claim.getMetadata().getDeletionTimestamp() != null
                || addressRef(claim).isPresent()) {
            return Optional.empty();
        }
        PoolRefFields ref = poolRef(claim);
        return PoolKind.of(ref.apiGroup(), ref.kind())
                .map(kind -> poolKey(PoolId.referenced(kind, claim.getMetadata().getNamespace(), ref.name())));
    }

    private static String poolKey(PoolId pool) {
        return pool.toString();
    }

    /** {@code spec.clusterName}, or the deprecated cluster-name label (read on every change of the claim cache). */
    private Optional<String> clusterName(C claim) {
        return ClaimView.clusterName(specClusterName(claim), claim.getMetadata().getLabels());
    }

    private static Instant instant(String timestamp) {
        return timestamp == null ? null : Instant.parse(timestamp);
    }

    private static boolean changes(ClaimView view, ClaimDecision decision) {
        return !Objects.equals(view.addressRef(), decision.addressRef())
                || !Objects.equals(view.ready(), decision.ready());
    }
}
