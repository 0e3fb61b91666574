package io.ipamoperator.pool;

import io.fabric8.kubernetes.api.model.Condition;
import io.ipamoperator.allocation.PoolCounters;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.pool.PoolAddressCounts;
import io.ipamoperator.api.pool.PoolStatus;
import io.ipamoperator.events.ConditionTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A pool's status as a pure function of its {@link PoolFacts} and the time: the counters (exact, capped only when
 * written), {@code Ready} ({@code PoolValid}, or {@code InvalidSpec} with the validation message),
 * {@code Overlapping} (which pools, which addresses) and {@code DuplicateAddresses} (the first ten, and how many
 * more), {@code Draining} while the spec has {@code drainingAddresses} (how many addresses are still allocated
 * there); whether it differs from the status the pool has; and the condition changes a person should hear of as
 * Events (none for a pool that starts healthy; a Normal one when a drain starts or completes).
 */
public final class PoolDecider {

    public static final String READY = "Ready";
    public static final String REASON_VALID = "PoolValid";
    public static final String REASON_INVALID_SPEC = "InvalidSpec";
    /** True while the pool's allocatable addresses overlap another pool's. */
    public static final String OVERLAPPING = "Overlapping";
    /** True while an address of the pool is held by more than one IPAddress. */
    public static final String DUPLICATE_ADDRESSES = "DuplicateAddresses";
    /** True while IPAddresses of the pool have lost their claim or lie outside its allocatable addresses. */
    public static final String ADDRESSES_LEAKED = "AddressesLeaked";

    /** Present while the pool has {@code drainingAddresses}: True while addresses are still allocated there. */
    public static final String DRAINING = "Draining";

    public static final String REASON_DRAIN_COMPLETE = "DrainComplete";
    public static final String REASON_ADDRESSES_HELD = "AddressesHeld";

    private static final int LISTED_DUPLICATES = 10;

    private PoolDecider() {}

    public static PoolPlan decide(PoolFacts facts, Instant now) {
        PoolStatus current = facts.current();
        List<Condition> before = current == null ? null : current.conditions;
        PoolStatus status = new PoolStatus();
        if (facts.invalidSpec().isPresent()) {
            int used = facts.addressCount();
            status.ipAddresses = new PoolAddressCounts(0, used, 0, used);
            status.conditions = Conditions.set(
                    before,
                    READY,
                    false,
                    REASON_INVALID_SPEC,
                    facts.invalidSpec().get(),
                    facts.generation(),
                    now);
        } else {
            PoolCounters counters = facts.counters().orElseThrow();
            status.ipAddresses = written(counters);
            if (facts.preAllocating()) {
                status.ipAddresses.reserved = counters.reserved();
            }
            status.conditions = Conditions.set(before, READY, true, REASON_VALID, "", facts.generation(), now);
            status.conditions = overlapping(facts, status.conditions, now);
            status.conditions = duplicates(facts, status.conditions, now);
            status.conditions = leaked(facts, counters, status.conditions, now);
            if (facts.draining()) {
                status.ipAddresses.draining = counters.drainingHeld();
                status.conditions = draining(counters.drainingHeld(), facts, status.conditions, now);
            } else {
                status.conditions = status.conditions.stream()
                        .filter(condition -> !DRAINING.equals(condition.getType()))
                        .collect(Collectors.toCollection(ArrayList::new));
            }
        }
        return new PoolPlan(status, !same(current, status), transitions(before, status.conditions));
    }

    private static List<Condition> overlapping(PoolFacts facts, List<Condition> conditions, Instant now) {
        if (facts.overlaps().isEmpty()) {
            return Conditions.set(conditions, OVERLAPPING, false, "NoOverlap", "", facts.generation(), now);
        }
        String message = facts.overlaps().entrySet().stream()
                .map(e ->
                        "shares " + e.getValue().size() + " address(es) with " + e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining("; "));
        return Conditions.set(conditions, OVERLAPPING, true, "OverlapsOtherPool", message, facts.generation(), now);
    }

    private static List<Condition> duplicates(PoolFacts facts, List<Condition> conditions, Instant now) {
        List<String> duplicates = facts.duplicates();
        if (duplicates.isEmpty()) {
            return Conditions.set(conditions, DUPLICATE_ADDRESSES, false, "NoDuplicates", "", facts.generation(), now);
        }
        String message = String.join("; ", duplicates.subList(0, Math.min(LISTED_DUPLICATES, duplicates.size())))
                + (duplicates.size() > LISTED_DUPLICATES
                        ? " and " + (duplicates.size() - LISTED_DUPLICATES) + " more"
                        : "");
        return Conditions.set(
                conditions, DUPLICATE_ADDRESSES, true, "DuplicateAddresses", message, facts.generation(), now);
    }

    /**
     * {@code AddressesLeaked}, with the counts: IPAddresses whose claim is gone and IPAddresses outside the pool's
     * allocatable addresses. Left as it is while claims are not known.
     */
    private static List<Condition> leaked(
            PoolFacts facts, PoolCounters counters, List<Condition> conditions, Instant now) {
        if (facts.orphaned().isEmpty()) {
            return conditions;
        }
        int orphaned = facts.orphaned().getAsInt();
        long outside = counters.outOfRange();
        if (orphaned == 0 && outside == 0) {
            return Conditions.set(conditions, ADDRESSES_LEAKED, false, "NoLeaks", "", facts.generation(), now);
        }
        List<String> parts = new ArrayList<>();
        if (orphaned > 0) {
            parts.add(orphaned + " IPAddress(es) whose claim is gone");
        }
        if (outside > 0) {
            parts.add(outside + " IPAddress(es) outside the pool's addresses");
        }
        return Conditions.set(
                conditions,
                ADDRESSES_LEAKED,
                true,
                "LeakedAddresses",
                String.join(", ", parts) + "; the operator's 'audit' command lists them and can release the orphaned",
                facts.generation(),
                now);
    }

    private static List<Condition> draining(long held, PoolFacts facts, List<Condition> conditions, Instant now) {
        return held > 0
                ? Conditions.set(
                        conditions,
                        DRAINING,
                        true,
                        REASON_ADDRESSES_HELD,
                        held + " address(es) still allocated in spec.drainingAddresses",
                        facts.generation(),
                        now)
                : Conditions.set(
                        conditions,
                        DRAINING,
                        false,
                        REASON_DRAIN_COMPLETE,
                        "no address is allocated in spec.drainingAddresses any more; they can be removed from"
                                + " spec.addresses",
                        facts.generation(),
                        now);
    }

    /** Each condition that changed status: Ready, Overlapping, DuplicateAddresses, AddressesLeaked, Draining. */
    private static List<ConditionTransition> transitions(List<Condition> before, List<Condition> after) {
        List<ConditionTransition> transitions = new ArrayList<>();
        for (Condition condition : after) {
            Condition previous = Conditions.find(before, condition.getType());
            if (previous != null && previous.getStatus().equals(condition.getStatus())) {
                continue;
            }
            if (DRAINING.equals(condition.getType())) {
                transitions.add(new ConditionTransition(
                        false, condition.getType(), condition.getReason(), condition.getMessage()));
                continue; // a drain starting or completing is news, not a problem
            }
            boolean healthy = READY.equals(condition.getType()) == Conditions.TRUE.equals(condition.getStatus());
            if (healthy && previous == null) {
                continue; // a pool that starts healthy needs no event per condition
            }
            String message =
                    condition.getMessage() == null || condition.getMessage().isEmpty()
                            ? condition.getType() + " is " + condition.getStatus()
                            : condition.getMessage();
            transitions.add(new ConditionTransition(!healthy, condition.getType(), condition.getReason(), message));
        }
        return transitions;
    }

    static PoolAddressCounts written(PoolCounters counters) {
        return new PoolAddressCounts(
                PoolCounters.capped(counters.total()),
                counters.used(),
                PoolCounters.capped(counters.free()),
                counters.outOfRange());
    }

    private static boolean same(PoolStatus current, PoolStatus wanted) {
        if (current == null || current.ipAddresses == null) {
            return false;
        }
        PoolAddressCounts a = current.ipAddresses;
        PoolAddressCounts b = wanted.ipAddresses;
        return a.total == b.total
                && a.used == b.used
                && a.free == b.free
                && a.outOfRange == b.outOfRange
                && Objects.equals(a.reserved, b.reserved)
                && Objects.equals(a.draining, b.draining)
                && Objects.equals(current.conditions, wanted.conditions);
    }
}
