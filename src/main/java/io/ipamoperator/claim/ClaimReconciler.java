package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.index.IndexNotReadyException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;
import java.util.Objects;

/**
 * The claim reconciler, once per contract version: it reads the claim into a {@link ClaimView}, lets
 * {@link ClaimLifecycle} decide, and writes the decision in its version's status shape. The finalizer
 * {@code ipam.cluster.x-k8s.io/ReleaseAddress} is managed by the framework (it is this controller's finalizer
 * name); only claims of our pools ever reach this class.
 */
public abstract class ClaimReconciler<C extends HasMetadata> implements Reconciler<C>, Cleaner<C> {

    private final ClaimControllers.Dependencies dependencies;

    protected ClaimReconciler(ClaimControllers.Dependencies dependencies) {
        this.dependencies = dependencies;
    }

    /** The claim as the lifecycle reads it. */
    protected abstract ClaimView view(C claim);

    /** A new object carrying only the claim's identity and the status that records {@code decision}. */
    protected abstract C statusPatch(C claim, ClaimDecision decision);

    protected abstract boolean ours(C claim);

    @Override
    public List<EventSource<?, C>> prepareEventSources(EventSourceContext<C> context) {
        dependencies.liveClaims().use(context.getPrimaryCache());
        return List.of(new ClaimWakeupEventSource<>(
                dependencies.index(),
                dependencies.clusters(),
                dependencies.waits(),
                context.getPrimaryCache(),
                this::ours));
    }

    @Override
    public UpdateControl<C> reconcile(C claim, Context<C> context) {
        ClaimView view = view(claim);
        ClaimDecision decision = dependencies.lifecycle().bind(view);
        UpdateControl<C> control = decision.kind() == ClaimDecision.Kind.STATUS && changes(view, decision)
                ? UpdateControl.patchStatus(statusPatch(claim, decision))
                : UpdateControl.noUpdate();
        decision.requeueAfter().ifPresent(after -> control.rescheduleAfter(after.toMillis()));
        return control;
    }

    @Override
    public DeleteControl cleanup(C claim, Context<C> context) {
        ClaimDecision decision = dependencies.lifecycle().release(view(claim));
        if (decision.kind() == ClaimDecision.Kind.RELEASED) {
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
                ? ErrorStatusUpdateControl.patchStatus(statusPatch(claim, failed))
                : ErrorStatusUpdateControl.noStatusUpdate();
    }

    /** A Kubernetes timestamp, or null when it is not set. */
    protected static java.time.Instant instant(String timestamp) {
        return timestamp == null ? null : java.time.Instant.parse(timestamp);
    }

    private static boolean changes(ClaimView view, ClaimDecision decision) {
        return !Objects.equals(view.addressRef(), decision.addressRef())
                || !Objects.equals(view.ready(), decision.ready());
    }
}
