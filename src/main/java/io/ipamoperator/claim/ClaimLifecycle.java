package io.ipamoperator.claim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ipamoperator.addresses.AddressIndex;
import io.ipamoperator.addresses.AddressInformer;
import io.ipamoperator.addresses.AddressRecord;
import io.ipamoperator.addresses.IpamContract;
import io.ipamoperator.addresses.PoolState;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.monitoring.AllocationMetrics;
import io.ipamoperator.pool.PoolId;
import io.ipamoperator.pool.PoolKind;

/**
 * The life of one claim, the same for both contract versions.
 *
 * <p>Bind: skip while the claim, its Cluster or its pool is paused, or while its Cluster is missing; adopt an
 * IPAddress of the claim's name if it exists in the claim's pool (and say so if it belongs to another pool);
 * otherwise take the lowest free address from the in-process index — marked as taken before the IPAddress is
 * written, given back if the write fails — and create the IPAddress. A claim that cannot be served (pool missing,
 * paused, being deleted, invalid or exhausted) gets {@code Ready=False} with the CAPI reason and waits: the pool's
 * next change wakes it, no timer.
 *
 * <p>Release: keep the address for the pool's {@code addressReuseGracePeriodSeconds} after the claim's deletion
 * timestamp, then delete the IPAddress and let the claim's finalizer go.
 */
@ApplicationScoped
public class ClaimLifecycle {

    private static final Logger LOG = Logger.getLogger(ClaimLifecycle.class);

    @Inject
    AddressIndex index;

    @Inject
    AddressInformer addresses;

    @Inject
    ClusterCache clusters;

    @Inject
    ClaimWaits waits;

    @Inject
    AddressWriter writer;

    @Inject
    EventRecorder events;

    @Inject
    ReuseGracePeriods gracePeriods;

    @Inject
    AllocationMetrics metrics;

    private final Clock clock = Clock.systemUTC();

    /** True when the claim's pool reference names one of our pool kinds; other claims are never touched. */
    public static boolean isOurs(String poolApiGroup, String poolKind) {
        return PoolKind.of(poolApiGroup, poolKind).isPresent();
    }

    public ClaimDecision bind(ClaimView claim) {
        IpamContract contract = startCaches();
        PoolId poolId = poolOf(claim);
        if (skip(claim)) {
            return ClaimDecision.unchanged();
        }
        Optional<PoolState> pool = index.pool(poolId);
        if (pool.isPresent() && pool.get().paused()) {
            LOG.debugf("%s: %s is paused", claim, poolId);
            waits.waitForPool(poolId, claim);
            return ClaimDecision.unchanged();
        }
        Optional<AddressRecord> existing = index.address(claim.namespace(), claim.name());
        if (existing.isPresent()) {
            return existing(contract, claim, poolId, pool, existing.get());
        }
        Optional<Unservable> unservable = whyPoolCannotServe(poolId, pool);
        if (unservable.isPresent()) {
            waits.waitForPool(poolId, claim);
            metrics.attempted(poolId, unservable.get().result());
            return decided(claim, ClaimDecision.notReady(Optional.empty(), CapiNames.REASON_POOL_NOT_READY,
                    unservable.get().message()));
        }
        PoolLayout layout = index.layout(poolId).orElseThrow();
        waits.waitForPool(poolId, claim); // registered before allocating: a release right after wakes us
        long decisionStart = System.nanoTime();
        Optional<IpAddress> address = index.allocate(poolId, claim.key());
        metrics.decided(poolId, Duration.ofNanos(System.nanoTime() - decisionStart));
        if (address.isEmpty()) {
            metrics.attempted(poolId, AllocationMetrics.Result.EXHAUSTED);
            return decided(claim, ClaimDecision.notReady(Optional.empty(), CapiNames.REASON_POOL_EXHAUSTED,
                    poolId + " has no free address; the claim is bound as soon as one is released"));
        }
        try {
            writer.create(contract.apiVersion(), claim, poolId, pool.orElseThrow(), layout, address.get());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                // the framework retries with back-off; waking on our own abandon below would retry at once, forever
                waits.stopWaiting(poolId, claim);
            }
            index.abandon(poolId, address.get(), claim.key());
            if (e.getCode() == 409) {
                LOG.infof("%s: IPAddress %s appeared meanwhile; looking again", claim, claim.key());
                return ClaimDecision.unchanged().requeueAfter(Duration.ofSeconds(1));
            }
            metrics.attempted(poolId, AllocationMetrics.Result.ERROR);
            throw e;
        }
        waits.stopWaiting(poolId, claim);
        metrics.attempted(poolId, AllocationMetrics.Result.ALLOCATED);
        if (claim.creationTimestamp() != null) {
            metrics.bound(poolId, Duration.between(claim.creationTimestamp(), Instant.now(clock)));
        }
        LOG.infof("%s: allocated %s/%d from %s", claim, address.get(), layout.allocatedPrefixLength(), poolId);
        return decided(claim, ClaimDecision.bound(claim.name()));
    }

    public ClaimDecision release(ClaimView claim) {
        IpamContract contract = startCaches();
        PoolId poolId = poolOf(claim);
        if (clusterPausedOrUnknown(claim, true)) {
            return ClaimDecision.keepFinalizer(Optional.empty());
        }
        Optional<PoolState> pool = index.pool(poolId);
        if (pool.isPresent() && pool.get().paused()) {
            waits.waitForPool(poolId, claim);
            return ClaimDecision.keepFinalizer(Optional.empty());
        }
        Optional<AddressRecord> address = index.address(claim.namespace(), claim.name());
        boolean ownAddress = address.isPresent() && address.get().poolId().equals(Optional.of(poolId));
        if (ownAddress && pool.isPresent() && !pool.get().deleting() && pool.get().gracePeriodSeconds() > 0) {
            Instant reusable = claim.deletionTimestamp().plusSeconds(pool.get().gracePeriodSeconds());
            Duration remaining = Duration.between(Instant.now(clock), reusable);
            if (!remaining.isNegative() && !remaining.isZero()) {
                LOG.debugf("%s: keeping %s for %s more (address reuse grace period)", claim,
                        address.get().address(), remaining);
                gracePeriods.hold(poolId, claim.key(), reusable);
                return ClaimDecision.keepFinalizer(Optional.of(remaining));
            }
        }
        // a live read, not the index: an IPAddress written a moment ago may not be indexed yet
        writer.deleteClaimsAddress(contract.apiVersion(), claim, poolId).ifPresent(released -> {
            metrics.released(poolId);
            LOG.infof("%s: released %s to %s", claim, released, poolId);
        });
        gracePeriods.end(claim.key());
        waits.forget(claim);
        return ClaimDecision.released();
    }

    private ClaimDecision existing(IpamContract contract, ClaimView claim, PoolId poolId, Optional<PoolState> pool,
            AddressRecord address) {
        if (!address.poolId().equals(Optional.of(poolId))) {
            return decided(claim, ClaimDecision.notReady(Optional.empty(), CapiNames.REASON_ALLOCATION_FAILED,
                    "IPAddress " + address.key() + " already exists and belongs to "
                            + address.poolKind() + " " + address.poolName()
                            + "; delete it or point the claim at that pool"));
        }
        if (pool.isPresent() && writer.adopt(contract.apiVersion(), claim, poolId, pool.get())) {
            LOG.infof("%s: adopted the existing IPAddress %s (%s)", claim, address.key(), address.address());
        }
        waits.stopWaiting(poolId, claim);
        return decided(claim, ClaimDecision.bound(claim.name()));
    }

    private boolean skip(ClaimView claim) {
        if (claim.paused()) {
            LOG.debugf("%s is paused", claim);
            return true;
        }
        return clusterPausedOrUnknown(claim, false);
    }

    private boolean clusterPausedOrUnknown(ClaimView claim, boolean deleting) {
        if (claim.clusterName().isEmpty()) {
            return false;
        }
        String clusterName = claim.clusterName().get();
        waits.belongsToCluster(clusterName, claim);
        Optional<ClusterCache.ClusterView> cluster = clusters.get(claim.namespace(), clusterName);
        if (cluster.isEmpty()) {
            if (!deleting) {
                LOG.infof("%s: Cluster %s/%s not found; waiting for it", claim, claim.namespace(), clusterName);
            }
            return !deleting; // a claim whose Cluster is gone may still be released
        }
        if (cluster.get().paused()) {
            LOG.debugf("%s: Cluster %s is paused", claim, clusterName);
            return true;
        }
        return false;
    }

    /** Why a pool cannot give a claim an address now, and how the attempt is counted. */
    private record Unservable(AllocationMetrics.Result result, String message) {
    }

    private Optional<Unservable> whyPoolCannotServe(PoolId poolId, Optional<PoolState> pool) {
        if (pool.isEmpty()) {
            return Optional.of(new Unservable(AllocationMetrics.Result.POOL_NOT_FOUND, poolId + " not found"));
        }
        if (pool.get().deleting()) {
            return Optional.of(new Unservable(AllocationMetrics.Result.POOL_NOT_READY, poolId + " is being deleted"));
        }
        if (index.layout(poolId).isEmpty()) {
            return Optional.of(new Unservable(AllocationMetrics.Result.POOL_NOT_READY,
                    poolId + " has an invalid spec; see its Ready condition"));
        }
        return Optional.empty();
    }

    private ClaimDecision decided(ClaimView claim, ClaimDecision decision) {
        ReadyCondition before = claim.ready();
        if (decision.ready() != null && !decision.ready().equals(before)) {
            var about = EventRecorder.about(claim.apiVersion(), "IPAddressClaim", claim.namespace(), claim.name(),
                    claim.uid());
            if (decision.ready().status()) {
                events.normal(about, decision.ready().reason(), decision.ready().message());
            } else {
                events.warning(about, decision.ready().reason(), decision.ready().message());
            }
            if (!decision.ready().status()) {
                LOG.infof("%s: not ready (%s): %s", claim, decision.ready().reason(), decision.ready().message());
            }
        }
        return decision;
    }

    private IpamContract startCaches() {
        IpamContract contract = addresses.start();
        clusters.start();
        return contract;
    }

    private static PoolId poolOf(ClaimView claim) {
        PoolKind kind = PoolKind.of(claim.poolApiGroup(), claim.poolKind())
                .orElseThrow(() -> new IllegalArgumentException(claim + " does not reference one of our pools"));
        return PoolId.referenced(kind, claim.namespace(), claim.poolName());
    }
}
