package io.ipamoperator.pool;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.allocation.PoolValidation;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.PoolStatus;
import io.ipamoperator.events.ConditionTransition;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.ClaimPresence;
import io.ipamoperator.index.PoolState;
import io.ipamoperator.runtime.WaitRetry;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * The life of a pool, the same for all four kinds: its spec is validated and handed to the allocation index, the
 * index's answers are read into {@link PoolFacts}, {@link PoolDecider} decides the status and the Events, and the
 * framework writes the status. Its finalizer
 * ({@code ipam.cluster.x-k8s.io/ProtectPool}) is removed only when no IPAddress references it any more.
 * Event processing is not generation-aware: pausing or unpausing (an annotation) must reach the claims too.
 */
public abstract class PoolReconciler<S, P extends CustomResource<S, PoolStatus>> implements Reconciler<P>, Cleaner<P> {

    private static final Logger LOG = Logger.getLogger(PoolReconciler.class);

    @Inject
    AddressIndex index;

    @Inject
    EventRecorder events;

    @Inject
    Event<PoolEvent> observers;

    @Inject
    Clock clock;

    @Inject
    ClaimPresence claims;

    @Inject
    OrphanSightings orphanSightings;

    @Inject
    WaitRetry waitRetry;

    /** How often a pool looks again for IPAddresses whose claim went away without a release (a forced deletion). */
    static final Duration LEAK_CHECK_INTERVAL = Duration.ofMinutes(5);

    /** Validates the pool's spec with the rules and messages of its kind. */
    protected abstract PoolValidation<? extends PoolLayout> validate(P pool);

    /** A new, empty instance of the pool's class (for status patches). */
    protected abstract P newPool();

    /** Seconds a released address stays reserved (only IP pools have a grace period). */
    protected int gracePeriodSeconds(P pool) {
        return 0;
    }

    @Override
    public List<EventSource<?, P>> prepareEventSources(
            io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<P> context) {
        return List.of(new PoolChangeEventSource<>(index, PoolKind.of(context.getPrimaryResourceClass())));
    }

    @Override
    public UpdateControl<P> reconcile(P pool, Context<P> context) {
        index.readiness().requireReady();
        PoolId id = PoolId.of(pool);
        PoolValidation<? extends PoolLayout> validation = validate(pool);
        if (validation.isValid()) {
            PoolLayout layout = validation.definition().orElseThrow();
            if (index.define(id, layout)) {
                LOG.infof(
                        "%s: spec accepted, %s allocatable",
                        id, layout.allocatableUnits().size());
            }
        } else {
            index.undefine(id);
        }
        OrphanSightings.Sighting orphans = orphans(id);
        PoolFacts facts = facts(id, validation, pool, orphans);
        PoolPlan plan = PoolDecider.decide(facts, clock.instant());
        observers.fire(new PoolEvent.Observed(
                id, facts.overlaps().size(), facts.duplicates().size()));
        index.updatePool(id, state(pool, false)); // after the layout: a claim woken by it finds both
        record(pool, id, plan.transitions());
        Duration lookAgain = orphans.pending() ? orphanSightings.grace() : LEAK_CHECK_INTERVAL;
        if (!plan.changed()) {
            return UpdateControl.<P>noUpdate().rescheduleAfter(lookAgain);
        }
        P patch = newPool();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(pool.getMetadata().getName())
                .withNamespace(pool.getMetadata().getNamespace())
                .build());
        patch.setStatus(plan.status());
        return UpdateControl.patchStatus(patch).rescheduleAfter(lookAgain);
    }

    @Override
    public DeleteControl cleanup(P pool, Context<P> context) {
        index.readiness().requireReady();
        PoolId id = PoolId.of(pool);
        index.updatePool(id, state(pool, true));
        int remaining = index.addressCount(id);
        if (remaining > 0) {
            LOG.infof("%s is being deleted; keeping it until its %d IPAddress(es) are released", id, remaining);
            // the last release wakes the pool; the retry bounds the wait should that change be missed
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(waitRetry.after());
        }
        index.forgetPool(id);
        orphanSightings.forget(id);
        observers.fire(new PoolEvent.Forgotten(id));
        LOG.infof("%s deleted: no IPAddress references it", id);
        return DeleteControl.defaultDelete();
    }

    /** The pool's IPAddresses whose claim does not exist, as sighted over time; none while claims are unknown. */
    private OrphanSightings.Sighting orphans(PoolId id) {
        List<String> orphaned = index.addressKeys(id, claims::orphans);
        return orphanSightings.look(id, orphaned, clock.instant());
    }

    private PoolFacts facts(
            PoolId id, PoolValidation<? extends PoolLayout> validation, P pool, OrphanSightings.Sighting orphans) {
        boolean valid = validation.isValid();
        List<String> duplicates = List.of();
        Optional<PoolLayout> layout = valid ? index.layout(id) : Optional.empty();
        if (layout.isPresent()) {
            duplicates = index.duplicates(id).stream()
                    .map(d -> layout.get().addressOf(d.unit()) + " held by " + String.join(", ", d.holders()))
                    .toList();
        }
        return new PoolFacts(
                id,
                valid ? Optional.empty() : Optional.of(validation.message()),
                index.counters(id),
                index.addressCount(id),
                valid ? index.overlaps(id) : Map.of(),
                duplicates,
                pool.getStatus(),
                pool.getMetadata().getGeneration(),
                layout.map(l -> !l.drainingUnits().isEmpty()).orElse(false),
                layout.map(l -> !l.preAllocatedUnits().isEmpty()).orElse(false),
                claims.known() ? OptionalInt.of(orphans.confirmed()) : OptionalInt.empty());
    }

    /** An Event (and for a problem a log line) for each condition that changed status. */
    private void record(P pool, PoolId id, List<ConditionTransition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        var about = EventRecorder.about(
                pool.getApiVersion(),
                pool.getKind(),
                pool.getMetadata().getNamespace(),
                pool.getMetadata().getName(),
                pool.getMetadata().getUid());
        for (ConditionTransition transition : transitions) {
            if (transition.warning()) {
                LOG.warnf("%s: %s (%s): %s", id, transition.condition(), transition.reason(), transition.message());
            }
            events.record(about, transition);
        }
    }

    private PoolState state(P pool, boolean deleting) {
        var annotations = pool.getMetadata().getAnnotations();
        boolean paused = annotations != null && annotations.containsKey(CapiNames.PAUSED_ANNOTATION);
        return new PoolState(
                pool.getMetadata().getUid(),
                pool.getApiVersion(),
                paused,
                deleting || pool.getMetadata().getDeletionTimestamp() != null,
                gracePeriodSeconds(pool));
    }
}
