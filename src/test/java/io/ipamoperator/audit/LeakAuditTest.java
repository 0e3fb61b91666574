package io.ipamoperator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.IpPoolSpecification;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.audit.AuditReport.Finding;
import io.ipamoperator.audit.AuditReport.Kind;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressRecord;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every kind of finding of the leak audit, from what a cluster holds. */
class LeakAuditTest {

    private static final PoolId POOL = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "pool");
    private static final PoolId GONE = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "gone");
    private static final AuditInput.Pool VALID = new AuditInput.Pool(
            POOL,
            Optional.of(IpPoolDefinition.validate(IpPoolSpecification.of(List.of("10.0.0.10-10.0.0.19"), 24, null))
                    .definition()
                    .map(PoolLayout.class::cast)
                    .orElseThrow()));

    @Test
    void aClusterWhereEveryAddressHasItsClaimIsConsistent() {
        AuditReport report = LeakAudit.audit(
                new AuditInput(List.of(VALID), List.of(address("a", "10.0.0.10")), List.of(claim("a", "a"))));

        assertThat(report.consistent()).isTrue();
        assertThat(report.findings()).isEmpty();
        assertThat(report.pools()).singleElement().satisfies(row -> {
            assertThat(row.addresses()).isEqualTo(1);
            assertThat(row.state()).isEqualTo("valid");
            assertThat(row.consistent()).isTrue();
        });
    }

    @Test
    void anIPAddressWithoutItsClaimIsOrphanedAndTheOnlyThingARepairDeletes() {
        AuditReport report = LeakAudit.audit(new AuditInput(
                List.of(VALID),
                List.of(address("a", "10.0.0.10"), address("left", "10.0.0.11")),
                List.of(claim("a", "a"), claim("waiting", null))));

        assertThat(report.consistent()).isFalse();
        assertThat(report.repairable()).singleElement().satisfies(finding -> {
            assertThat(finding.object()).isEqualTo("IPAddress ns/left");
            assertThat(finding.detail()).isEqualTo("10.0.0.11: its claim ns/left does not exist");
        });
        assertThat(report.pools().get(0).orphaned()).isEqualTo(1);
    }

    @Test
    void aClaimBoundToAMissingIPAddressIsLostAndOneNotBoundYetOnlyWaits() {
        AuditInput.Claim waiting =
                new AuditInput.Claim("ns", "waiting", POOL, false, Optional.empty(), Optional.of("PoolExhausted"));
        AuditReport report =
                LeakAudit.audit(new AuditInput(List.of(VALID), List.of(), List.of(claim("bound", "bound"), waiting)));

        assertThat(report.findings())
                .extracting(Finding::kind, Finding::object, Finding::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Kind.LOST_ADDRESS,
                                "IPAddressClaim ns/bound",
                                "bound to IPAddress ns/bound, which does not exist"),
                        org.assertj.core.groups.Tuple.tuple(
                                Kind.UNBOUND_CLAIM, "IPAddressClaim ns/waiting", "no address yet (PoolExhausted)"));
        assertThat(LeakAudit.audit(new AuditInput(List.of(VALID), List.of(), List.of(waiting)))
                        .consistent())
                .isTrue();
    }

    @Test
    void anAddressOutsideItsPoolSaysWhy() {
        AuditReport report = LeakAudit.audit(
                new AuditInput(List.of(VALID), List.of(address("far", "10.0.0.99")), List.of(claim("far", "far"))));

        assertThat(report.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.OUT_OF_RANGE);
            assertThat(finding.detail()).isEqualTo("10.0.0.99 is outside the pool's addresses");
        });
    }

    @Test
    void anAddressHeldTwiceIsReportedOnBothIPAddresses() {
        AuditReport report = LeakAudit.audit(new AuditInput(
                List.of(VALID),
                List.of(address("one", "10.0.0.12"), address("two", "10.0.0.12")),
                List.of(claim("one", "one"), claim("two", "two"))));

        assertThat(report.findings())
                .extracting(Finding::object, Finding::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("IPAddress ns/one", "10.0.0.12 is held by ns/one, ns/two"),
                        org.assertj.core.groups.Tuple.tuple("IPAddress ns/two", "10.0.0.12 is held by ns/one, ns/two"));
        assertThat(report.pools().get(0).duplicates()).isEqualTo(2);
        assertThat(report.repairable()).isEmpty();
    }

    @Test
    void anIPAddressOfAPoolThatDoesNotExistGetsARowOfItsOwn() {
        AddressRecord stray = new AddressRecord(
                "ns",
                "stray",
                "ipam.cluster.x-k8s.io",
                "InClusterIPPool",
                "gone",
                "10.9.0.1",
                24,
                "stray",
                false,
                null,
                AddressRecord.Marks.NONE);

        AuditReport report =
                LeakAudit.audit(new AuditInput(List.of(VALID), List.of(stray), List.of(claim("stray", "stray"))));

        assertThat(report.pools())
                .extracting(AuditReport.PoolRow::pool, AuditReport.PoolRow::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(GONE, "missing"),
                        org.assertj.core.groups.Tuple.tuple(POOL, "valid"));
        assertThat(report.findings()).extracting(Finding::kind).containsExactly(Kind.MISSING_POOL);
        assertThat(report.consistent()).isFalse();
    }

    private static AddressRecord address(String name, String address) {
        return io.ipamoperator.index.PoolLedgerTest.record("ns", name, address);
    }

    private static AuditInput.Claim claim(String name, String addressRef) {
        return new AuditInput.Claim("ns", name, POOL, false, Optional.ofNullable(addressRef), Optional.empty());
    }
}
