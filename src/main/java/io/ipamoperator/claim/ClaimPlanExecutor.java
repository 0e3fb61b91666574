package io.ipamoperator.claim;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ipamoperator.claim.ClaimPlan.AddressChange;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.index.AddressIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Applies a {@link ClaimPlan}, whatever it says, in one fixed order: the IPAddress change (the only API write
 * besides the status and the Event), the reuse grace period, the claim's waits, the metrics, the Event, the log
 * line; then hands the plan's outcome back for the reconciler to write. It decides nothing but what a failed write
 * means: an address granted but not written is given back to the index at once, so parallel workers never collide
 * and nothing is lost.
 */
@ApplicationScoped
public class ClaimPlanExecutor {

    private static final Logger LOG = Logger.getLogger(ClaimPlanExecutor.class);

    /** How soon a claim looks again when its IPAddress appeared between its facts and its write. */
    static final Duration CONFLICT_RETRY = Duration.ofSeconds(1);

    private final AddressIndex index;
    private final AddressWriter writer;
    private final ClaimWaits waits;
    private final PendingBinds pendingBinds;
    private final ReuseGracePeriods gracePeriods;
    private final EventRecorder events;
    private final Event<AllocationEvent> observers;
    private final IpamContract contract;

    @Inject
    public ClaimPlanExecutor(
            AddressIndex index,
            AddressWriter writer,
            ClaimWaits waits,
            PendingBinds pendingBinds,
            ReuseGracePeriods gracePeriods,
            EventRecorder events,
            Event<AllocationEvent> observers,
            IpamContract contract) {
        this.index = index;
        this.writer = writer;
        this.waits = waits;
        this.pendingBinds = pendingBinds;
        this.gracePeriods = gracePeriods;
        this.events = events;
        this.observers = observers;
        this.contract = contract;
    }

    /** Applies {@code plan} to the claim of {@code pool}; its outcome is what the claim's status is to say. */
    public ClaimDecision apply(ClaimView claim, PoolId pool, ClaimPlan plan) {
        AddressChange change = plan.address();
        if (change instanceof AddressChange.Create create && !created(claim, pool, create)) {
            return ClaimDecision.unchanged().requeueAfter(CONFLICT_RETRY);
        }
        if (change instanceof AddressChange.Adopt adopt) {
            // a live read and a write only when the cache shows something missing (a restored or moved IPAddress)
            if (!adopt.complete() && writer.adopt(contract.apiVersion(), claim, pool, adopt.pool())) {
                LOG.infof("%s: adopted the existing IPAddress %s", claim, claim.key());
            }
            pendingBinds.bound(claim);
        }
        if (change instanceof AddressChange.Yield) {
            writer.deleteClaimsAddress(contract.apiVersion(), claim, pool);
        }
        if (change instanceof AddressChange.Release) {
            // a live read, not the index: an IPAddress written a moment ago may not be indexed yet
            writer.deleteClaimsAddress(contract.apiVersion(), claim, pool).ifPresent(released -> {
                observers.fire(new AllocationEvent.Released(pool));
                LOG.infof("%s: released %s to %s", claim, released, pool);
            });
            gracePeriods.end(claim.key());
            pendingBinds.forget(claim);
        }
        plan.reusableAt().ifPresent(reusable -> gracePeriods.hold(pool, claim.key(), reusable));
        switch (plan.poolWait()) {
            case WAIT -> {} // registered before the facts were read
            case STOP -> waits.stopWaiting(pool, claim);
            case FORGET -> waits.forget(claim);
        }
        plan.measured().forEach(observers::fire);
        plan.transition()
                .ifPresent(transition -> events.record(
                        EventRecorder.about(
                                claim.apiVersion(), "IPAddressClaim", claim.namespace(), claim.name(), claim.uid()),
                        transition));
        plan.note().ifPresent(note -> LOG.logf(note.level(), "%s: %s", claim, note.text()));
        return plan.outcome();
    }

    /**
     * Writes the claim's IPAddress for the granted address. False when an IPAddress of that name appeared meanwhile
     * (the claim looks again soon); any other failure is thrown for the framework to retry with back-off. Either
     * way the address goes back to the index.
     */
    private boolean created(ClaimView claim, PoolId pool, AddressChange.Create create) {
        try {
            writer.create(contract.apiVersion(), claim, pool, create.pool(), create.layout(), create.address());
            pendingBinds.written(claim);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                // the framework retries with back-off; waking on our own abandon below would retry at once, forever
                waits.stopWaiting(pool, claim);
            }
            index.abandon(pool, create.address(), claim.key());
            if (e.getCode() == 409) {
                LOG.infof("%s: IPAddress %s appeared meanwhile; looking again", claim, claim.key());
                return false;
            }
            observers.fire(new AllocationEvent.Attempted(pool, AllocationEvent.Result.ERROR));
            throw e;
        }
    }
}
