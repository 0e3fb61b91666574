package io.ipamoperator.leadership;

import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * This replica's part in leader election: {@link Role#SOLE} when the profile runs no election (dev, tests),
 * otherwise {@link Role#STANDBY} until it wins the lease and {@link Role#LEADER} after. A leader that loses the
 * lease while it runs exits (its index may be stale: it must not decide again), so there is no way back from
 * leader to standby; losing it because the operator is shutting down is the expected end and exits nothing more.
 */
@ApplicationScoped
public class Leadership {

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    public enum Role {
        /** No leader election in this profile: this replica decides. */
        SOLE,
        /** Waiting for the lease; decides nothing (its index is kept all the same, for a quick take-over). */
        STANDBY,
        /** Holds the lease and decides. */
        LEADER;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Which Lease this replica competes for. */
    public record Lease(String namespace, String name) {}

    /** The Lease this replica holds, and under which identity. */
    public record HeldLease(Lease lease, String identity) {}

    private volatile Role role = Role.SOLE;
    private volatile Lease lease;
    private volatile boolean shuttingDown;
    private volatile String currentLeader;
    private volatile String identity;
    private final List<Runnable> whenDeciding = new CopyOnWriteArrayList<>();

    public Role role() {
        return role;
    }

    /** True when this replica makes allocation decisions (the leader, or the only replica). */
    public boolean decides() {
        return role != Role.STANDBY;
    }

    /** The identity of the current lease holder, when known. */
    public Optional<String> currentLeader() {
        return Optional.ofNullable(currentLeader);
    }

    /** Runs {@code duty} once this replica decides: at once if it does already, else when it wins the lease. */
    public synchronized void whenDeciding(Runnable duty) {
        if (decides()) {
            duty.run();
        } else {
            whenDeciding.add(duty);
        }
    }

    /** Leader election runs in this profile; called when its configuration is built, before the operator starts. */
    synchronized void electionActive(String ownIdentity, Lease competedFor) {
        identity = ownIdentity;
        lease = competedFor;
        role = Role.STANDBY;
    }

    /** The Lease, while this replica leads. */
    public Optional<HeldLease> heldLease() {
        return role == Role.LEADER && lease != null ? Optional.of(new HeldLease(lease, identity)) : Optional.empty();
    }

    void shuttingDown() {
        shuttingDown = true;
    }

    /**
     * The elector says this replica no longer leads. While shutting down that is expected; otherwise another
     * replica may lead now and this one must stop deciding at once: it exits (asynchronously, so the shutdown
     * never waits on the thread that asked for it) and is restarted as a standby.
     */
    void stoppedLeading() {
        if (shuttingDown || role != Role.LEADER) {
            return;
        }
        LOG.error("This replica lost the leader lease while running; exiting so that it never decides from a stale "
                + "index (it is restarted as a standby)");
        role = Role.STANDBY;
        shuttingDown = true;
        Quarkus.asyncExit(1);
    }

    synchronized void startedLeading() {
        LOG.info("This replica holds the leader lease now: building the allocation index and starting the controllers");
        role = Role.LEADER;
        whenDeciding.forEach(Runnable::run);
        whenDeciding.clear();
    }

    void newLeader(String leader) {
        currentLeader = leader;
        if (role == Role.STANDBY && !identity.equals(leader)) {
            LOG.infof("Standing by; %s holds the leader lease", leader);
        }
    }
}
