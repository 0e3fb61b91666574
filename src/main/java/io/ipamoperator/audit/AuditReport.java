package io.ipamoperator.audit;

import io.ipamoperator.identity.PoolId;
import java.util.List;

/**
 * What the audit found: a row per pool (ours, and pools that IPAddresses or claims name but that do not exist) and
 * every finding, each naming the object a person would look at.
 */
public record AuditReport(List<PoolRow> pools, List<Finding> findings) {

    public AuditReport {
        pools = List.copyOf(pools);
        findings = List.copyOf(findings);
    }

    /** The kinds of finding; {@link #leak()} tells those that mean something is wrong from those that wait. */
    public enum Kind {
        /** An IPAddress whose claim does not exist: its address is held for nobody. */
        ORPHANED_ADDRESS("orphaned", true),
        /** A claim bound to an IPAddress that does not exist. */
        LOST_ADDRESS("lost", true),
        /** A claim with no IPAddress yet (not bound: exhausted, paused, waiting for its pool). */
        UNBOUND_CLAIM("unbound", false),
        /** An IPAddress outside its pool's allocatable addresses. */
        OUT_OF_RANGE("out-of-range", true),
        /** An address held by more than one IPAddress of one pool. */
        DUPLICATE("duplicate", true),
        /** An IPAddress or claim of a pool that does not exist. */
        MISSING_POOL("missing-pool", true);

        private final String label;
        private final boolean leak;

        Kind(String label, boolean leak) {
            this.label = label;
            this.leak = leak;
        }

        public String label() {
            return label;
        }

        public boolean leak() {
            return leak;
        }
    }

    /**
     * One finding: its kind, the pool, the object ({@code objectKind} {@code IPAddress} or {@code IPAddressClaim},
     * its namespace and name) and what is wrong with it.
     */
    public record Finding(Kind kind, PoolId pool, String objectKind, String namespace, String name, String detail) {

        /** {@code IPAddress ns/name}. */
        public String object() {
            return objectKind + " " + namespace + "/" + name;
        }
    }

    /**
     * A pool's counts: IPAddresses that reference it and how many of each finding; {@code state} is {@code valid},
     * {@code invalid spec} or {@code missing}.
     */
    public record PoolRow(
            PoolId pool,
            String state,
            int addresses,
            int orphaned,
            int lost,
            int unbound,
            int outOfRange,
            int duplicates) {

        /** Nothing leaked here (claims may still wait); a missing pool is consistent only while nothing holds it. */
        public boolean consistent() {
            return orphaned + lost + outOfRange + duplicates == 0 && !(state.equals(MISSING) && addresses > 0);
        }
    }

    static final String VALID = "valid";
    static final String INVALID = "invalid spec";
    static final String MISSING = "missing";

    /** True when nothing leaked (unbound claims may still wait). */
    public boolean consistent() {
        return findings.stream().noneMatch(finding -> finding.kind().leak());
    }

    /** The IPAddresses a repair deletes: those whose claim does not exist. */
    public List<Finding> repairable() {
        return findings.stream()
                .filter(finding -> finding.kind() == Kind.ORPHANED_ADDRESS)
                .toList();
    }
}
