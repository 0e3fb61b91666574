package io.ipamoperator.pool;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.ipamoperator.allocation.PoolAllocator;
import io.ipamoperator.allocation.PoolCounters;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.allocation.PoolOverlap;
import io.ipamoperator.allocation.PoolValidation;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.PoolAddressCounts;
import io.ipamoperator.api.pool.PoolStatus;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.PoolState;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The life of a pool, the same for all four kinds: its spec is validated and handed to the allocation index, its
 * counters and {@code Ready} condition are written to its status, and its finalizer
 * ({@code ipam.cluster.x-k8s.io/ProtectPool}) is removed only when no IPAddress references it any more.
 * Event processing is not generation-aware: pausing or unpausing (an annotation) must reach the claims too.
 */
public abstract class PoolReconciler<S, P extends CustomResource<S, PoolStatus>> implements Reconciler<P>, Cleaner<P> {

    public static final String READY = "Ready";
    public static final String REASON_VALID = "PoolValid";
    public static final String REASON_INVALID_SPEC = "InvalidSpec";
    /** True while the pool's allocatable addresses overlap another pool's. */
    public static final String OVERLAPPING = "Overlapping";
    /** True while an address of the pool is held by more than one IPAddress. */
    public static final String DUPLICATE_ADDRESSES = "DuplicateAddresses";

    private static final Logger LOG = Logger.getLogger(PoolReconciler.class);

    @Inject
    AddressIndex index;

    @Inject
    EventRecorder events;

    @Inject
    Event<PoolEvent> observers;

    private final Clock clock = Clock.systemUTC();

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
        PoolStatus status = new PoolStatus();
        PoolStatus current = pool.getStatus();
        Long generation = pool.getMetadata().getGeneration();
        if (validation.isValid()) {
            if (index.define(id, validation.definition().orElseThrow())) {
                LOG.infof(
                        "%s: spec accepted, %s allocatable",
                        id,
                        validation.definition().orElseThrow().allocatableUnits().size());
            }
            status.ipAddresses = written(index.counters(id).orElseThrow());
            status.conditions = Conditions.set(
                    current == null ? null : current.conditions,
                    READY,
                    true,
                    REASON_VALID,
                    "",
                    generation,
                    clock.instant());
            var overlaps = index.overlaps(id);
            var duplicates = index.duplicates(id);
            status.conditions = overlapCondition(id, overlaps, status.conditions, generation);
            status.conditions = duplicateCondition(id, duplicates, status.conditions, generation);
            observers.fire(new PoolEvent.Observed(id, overlaps.size(), duplicates.size()));
            index.updatePool(id, state(pool, false)); // after the layout: a claim woken by it finds both
        } else {
            index.undefine(id);
            LOG.warnf("%s: invalid spec, nothing is allocated from it until it is fixed: %s", id, validation.message());
            int used = index.addressCount(id);
            status.ipAddresses = new PoolAddressCounts(0, used, 0, used);
            status.conditions = Conditions.set(
                    current == null ? null : current.conditions,
                    READY,
                    false,
                    REASON_INVALID_SPEC,
                    validation.message(),
                    generation,
                    clock.instant());
            observers.fire(new PoolEvent.Observed(id, 0, 0));
            index.updatePool(id, state(pool, false));
        }
        recordTransitions(pool, current == null ? null : current.conditions, status.conditions);
        if (sameStatus(current, status)) {
            return UpdateControl.noUpdate();
        }
        P patch = newPool();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(pool.getMetadata().getName())
                .withNamespace(pool.getMetadata().getNamespace())
                .build());
        patch.setStatus(status);
        return UpdateControl.patchStatus(patch);
    }

    @Override
    public DeleteControl cleanup(P pool, Context<P> context) {
        index.readiness().requireReady();
        PoolId id = PoolId.of(pool);
        index.updatePool(id, state(pool, true));
        int remaining = index.addressCount(id);
        if (remaining > 0) {
            LOG.infof("%s is being deleted; keeping it until its %d IPAddress(es) are released", id, remaining);
            return DeleteControl.noFinalizerRemoval();
        }
        index.forgetPool(id);
        observers.fire(new PoolEvent.Forgotten(id));
        LOG.infof("%s deleted: no IPAddress references it", id);
        return DeleteControl.defaultDelete();
    }

    private List<Condition> overlapCondition(
            PoolId id, java.util.Map<PoolId, PoolOverlap> overlaps, List<Condition> conditions, Long generation) {
        if (overlaps.isEmpty()) {
            return Conditions.set(conditions, OVERLAPPING, false, "NoOverlap", "", generation, clock.instant());
        }
        String message = overlaps.entrySet().stream()
                .map(e ->
                        "shares " + e.getValue().size() + " address(es) with " + e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining("; "));
        if (!isTrue(conditions, OVERLAPPING)) {
            LOG.warnf("%s overlaps other pools; both may hand out the same address: %s", id, message);
        }
        return Conditions.set(conditions, OVERLAPPING, true, "OverlapsOtherPool", message, generation, clock.instant());
    }

    private List<Condition> duplicateCondition(
            PoolId id, List<PoolAllocator.Duplicate> duplicates, List<Condition> conditions, Long generation) {
        if (duplicates.isEmpty()) {
            return Conditions.set(
                    conditions, DUPLICATE_ADDRESSES, false, "NoDuplicates", "", generation, clock.instant());
        }
        var layout = index.layout(id).orElseThrow();
        String message = duplicates.stream()
                        .limit(10)
                        .map(d -> layout.addressOf(d.unit()) + " held by " + String.join(", ", d.holders()))
                        .collect(Collectors.joining("; "))
                + (duplicates.size() > 10 ? " and " + (duplicates.size() - 10) + " more" : "");
        if (!isTrue(conditions, DUPLICATE_ADDRESSES)) {
            LOG.warnf(
                    "%s has addresses held by more than one IPAddress (created outside this operator?): %s",
                    id, message);
        }
        return Conditions.set(
                conditions, DUPLICATE_ADDRESSES, true, "DuplicateAddresses", message, generation, clock.instant());
    }

    /** An Event for each condition that changed status: Ready, Overlapping, DuplicateAddresses. */
    private void recordTransitions(P pool, List<Condition> before, List<Condition> after) {
        var about = EventRecorder.about(
                pool.getApiVersion(),
                pool.getKind(),
                pool.getMetadata().getNamespace(),
                pool.getMetadata().getName(),
                pool.getMetadata().getUid());
        for (Condition condition : after) {
            Condition previous = Conditions.find(before, condition.getType());
            if (previous != null && previous.getStatus().equals(condition.getStatus())) {
                continue;
            }
            boolean healthy = READY.equals(condition.getType()) == Conditions.TRUE.equals(condition.getStatus());
            if (healthy && previous == null) {
                continue; // a pool that starts healthy needs no event per condition
            }
            String message =
                    condition.getMessage() == null || condition.getMessage().isEmpty()
                            ? condition.getType() + " is " + condition.getStatus()
                            : condition.getMessage();
            if (healthy) {
                events.normal(about, condition.getReason(), message);
            } else {
                events.warning(about, condition.getReason(), message);
            }
        }
    }

    private static boolean isTrue(List<Condition> conditions, String type) {
        var condition = Conditions.find(conditions, type);
        return condition != null && Conditions.TRUE.equals(condition.getStatus());
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

    static PoolAddressCounts written(PoolCounters counters) {
        return new PoolAddressCounts(
                PoolCounters.capped(counters.total()),
                counters.used(),
                PoolCounters.capped(counters.free()),
                counters.outOfRange());
    }

    private static boolean sameStatus(PoolStatus current, PoolStatus wanted) {
        if (current == null || current.ipAddresses == null) {
            return false;
        }
        PoolAddressCounts a = current.ipAddresses;
        PoolAddressCounts b = wanted.ipAddresses;
        return a.total == b.total
                && a.used == b.used
                && a.free == b.free
                && a.outOfRange == b.outOfRange
                && Objects.equals(current.conditions, wanted.conditions);
    }
}
